#include "frontends/ipp/ipp_writer.h"

#include <new>
#include <string>
#include <string_view>

#include "frontends/ipp/ipp_limits.h"

namespace mfp::frontends::ipp {
namespace {

using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

Status invalid(std::string message) {
  return Status(StatusCode::invalid_argument, "IPP encode: " + std::move(message));
}

class Encoder {
 public:
  explicit Encoder(std::vector<std::uint8_t>& out) : out_(out) {}

  Status message(const IppMessage& m) {
    put8(m.version_major);
    put8(m.version_minor);
    put16(m.code);
    put32(m.request_id);
    for (const IppGroup& g : m.groups) {
      const auto tag = static_cast<std::uint8_t>(g.tag);
      if (!is_group_tag(tag)) return invalid("group tag " + std::to_string(tag));
      put8(tag);
      for (const IppAttribute& a : g.attributes) {
        if (a.name.empty()) return invalid("attribute without a name");
        MFP_RETURN_IF_ERROR(attribute(a.name, a, 1));
      }
    }
    put8(static_cast<std::uint8_t>(IppGroupTag::end_of_attributes));
    return Status::ok();
  }

 private:
  // Values of `a`, the first carrying `name` (empty inside a collection, where the name went
  // into the memberAttrName).
  Status attribute(std::string_view name, const IppAttribute& a, std::size_t depth) {
    if (a.values.empty()) return invalid("attribute " + a.name + " without values");
    for (const IppValue& v : a.values) {
      MFP_RETURN_IF_ERROR(value(name, v, depth));
      name = {};
    }
    return Status::ok();
  }

  Status value(std::string_view name, const IppValue& v, std::size_t depth) {
    const auto t = static_cast<std::uint8_t>(v.tag);
    if (t < 0x10 || t >= 0x7F || v.tag == IppValueTag::end_collection ||
        v.tag == IppValueTag::member_attr_name) {
      return invalid("value tag " + std::to_string(t));
    }
    auto mismatch = [&] { return invalid(std::string(to_string(v.tag)) + " with wrong data"); };
    put8(t);
    MFP_RETURN_IF_ERROR(bytes(name));
    if (is_out_of_band(v.tag)) {
      if (!std::holds_alternative<std::monostate>(v.data)) return mismatch();
      put16(0);
      return Status::ok();
    }
    switch (v.tag) {
      case IppValueTag::integer:
      case IppValueTag::enumeration: {
        const auto* i = std::get_if<std::int32_t>(&v.data);
        if (i == nullptr) return mismatch();
        put16(4);
        put32(*i);
        return Status::ok();
      }
      case IppValueTag::boolean: {
        const auto* b = std::get_if<bool>(&v.data);
        if (b == nullptr) return mismatch();
        put16(1);
        put8(*b ? 1 : 0);
        return Status::ok();
      }
      case IppValueTag::date_time: {
        const auto* d = std::get_if<IppDateTime>(&v.data);
        if (d == nullptr) return mismatch();
        put16(11);
        put16(d->year);
        for (std::uint8_t b :
             {d->month, d->day, d->hour, d->minutes, d->seconds, d->deci_seconds,
              static_cast<std::uint8_t>(d->utc_direction), d->utc_hours, d->utc_minutes}) {
          put8(b);
        }
        return Status::ok();
      }
      case IppValueTag::resolution: {
        const auto* r = std::get_if<IppResolution>(&v.data);
        if (r == nullptr) return mismatch();
        put16(9);
        put32(r->xres);
        put32(r->yres);
        put8(static_cast<std::uint8_t>(r->units));
        return Status::ok();
      }
      case IppValueTag::range_of_integer: {
        const auto* r = std::get_if<IppRange>(&v.data);
        if (r == nullptr) return mismatch();
        put16(8);
        put32(r->lower);
        put32(r->upper);
        return Status::ok();
      }
      case IppValueTag::text_with_language:
      case IppValueTag::name_with_language: {
        const auto* s = std::get_if<IppLocalizedString>(&v.data);
        if (s == nullptr) return mismatch();
        const std::size_t n = 4 + s->language.size() + s->text.size();
        if (n > kMaxWireLength) return invalid(std::string(to_string(v.tag)) + " too long");
        put16(static_cast<std::uint16_t>(n));
        MFP_RETURN_IF_ERROR(bytes(s->language));
        return bytes(s->text);
      }
      case IppValueTag::beg_collection: {
        const auto* c = std::get_if<IppCollection>(&v.data);
        if (c == nullptr) return mismatch();
        if (depth > IppWriter::kMaxCollectionDepth) return invalid("collections nested too deep");
        put16(0);
        for (const IppAttribute& m : c->members) {
          if (m.name.empty()) return invalid("collection member without a name");
          put8(static_cast<std::uint8_t>(IppValueTag::member_attr_name));
          put16(0);
          MFP_RETURN_IF_ERROR(bytes(m.name));
          MFP_RETURN_IF_ERROR(attribute({}, m, depth + 1));
        }
        put8(static_cast<std::uint8_t>(IppValueTag::end_collection));
        put16(0);
        put16(0);
        return Status::ok();
      }
      default: {
        const auto* s = std::get_if<std::string>(&v.data);
        if (s == nullptr) return mismatch();
        return bytes(*s);
      }
    }
  }

  // A SIGNED-SHORT length and the bytes.
  Status bytes(std::string_view s) {
    if (s.size() > kMaxWireLength) {
      return invalid("field of " + std::to_string(s.size()) + " bytes exceeds 32767");
    }
    put16(static_cast<std::uint16_t>(s.size()));
    out_.insert(out_.end(), s.begin(), s.end());
    return Status::ok();
  }
  void put8(std::uint8_t b) { out_.push_back(b); }
  void put16(std::uint16_t v) {
    put8(static_cast<std::uint8_t>(v >> 8));
    put8(static_cast<std::uint8_t>(v));
  }
  void put32(std::int32_t s) {
    const auto v = static_cast<std::uint32_t>(s);
    put16(static_cast<std::uint16_t>(v >> 16));
    put16(static_cast<std::uint16_t>(v));
  }

  std::vector<std::uint8_t>& out_;
};

}  // namespace

Result<std::vector<std::uint8_t>> IppWriter::encode(const IppMessage& message) {
  try {
    std::vector<std::uint8_t> out;
    MFP_RETURN_IF_ERROR(Encoder(out).message(message));
    return out;
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::resource_exhausted, "IPP encode: out of memory");
  }
}

}  // namespace mfp::frontends::ipp
