#include "pipeline/band.h"

namespace mfp::pipeline {

Result<Band> make_band_like(const Band& like, PixelFormat format, BufferPool& pool) {
  Band out;
  out.page = like.page;
  out.format = format;
  out.encoding = BandEncoding::raw;
  out.index = like.index;
  out.first_row = like.first_row;
  out.rows = like.rows;
  out.stride = row_bytes(format, like.width());
  out.last_in_page = like.last_in_page;
  out.owner = like.owner;
  MFP_ASSIGN_OR_RETURN(out.data, pool.acquire(out.raw_bytes()));
  return out;
}

}  // namespace mfp::pipeline
