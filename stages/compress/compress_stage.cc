#include "stages/compress/compress_stage.h"

namespace mfp::stages::compress {

using pipeline::Band;
using pipeline::PixelFormat;
using pipeline::Result;
using pipeline::StatusCode;

CompressStage::CompressStage(codecs::PlaneCodecId codec) : codec_(codec) {
  traits_.name = "compress";
  traits_.inputs = {PixelFormat::cmyk1_planar, PixelFormat::cmyk2_planar, PixelFormat::k1,
                    PixelFormat::k2};
  traits_.output = std::nullopt;
  traits_.concurrency = pipeline::Concurrency::parallel;
}

Result<Band> CompressStage::process(Band in, pipeline::StageState* /*state*/,
                                    pipeline::BufferPool& pool) const noexcept {
  if (in.encoding != pipeline::BandEncoding::raw) {
    return pipeline::make_error(StatusCode::invalid_argument, "band is already compressed");
  }
  const codecs::PlaneShape shape{in.rows, static_cast<std::uint32_t>(in.stride),
                                 pipeline::planes_of(in.format)};
  if (shape.raw_bytes() > in.data.size()) {
    return pipeline::make_error(StatusCode::internal, "band smaller than its shape");
  }
  MFP_ASSIGN_OR_RETURN(pipeline::Buffer out,
                       pool.acquire(codecs::plane_max_encoded_size(shape.raw_bytes())));
  MFP_ASSIGN_OR_RETURN(std::size_t n, codecs::plane_encode(in.data.span().first(shape.raw_bytes()),
                                                           shape, codec_, out.span()));
  out.set_size(n);
  in.data = std::move(out);  // the raw buffer is zeroed as it returns to the pool
  in.encoding = pipeline::BandEncoding::compressed;
  return in;
}

Result<std::shared_ptr<const pipeline::Stage>> make_compress_stage(
    const pipeline::StageConfig& /*config*/) {
  return std::shared_ptr<const pipeline::Stage>(
      std::make_shared<CompressStage>(codecs::PlaneCodecId::zstd));
}

}  // namespace mfp::stages::compress
