#include "pipeline/device/protocol_support.h"

#include <cstdio>

#include "security/audit/audit_events.h"

namespace mfp::pipeline::device {

std::string ProtocolSupport::printer_uuid() const {
  auto key = core_.security().keys().derive("printer-uuid");
  if (!key) return "urn:uuid:00000000-0000-4000-8000-000000000000";
  // HKDF output, so publishing part of it reveals nothing of other derived keys. Version 4
  // and variant bits are set as RFC 9562 asks of random UUIDs.
  const auto* b = key.value().data();
  char text[48];
  std::snprintf(text, sizeof text,
                "%02x%02x%02x%02x-%02x%02x-4%01x%02x-%01x%01x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6] & 0x0f, b[7], 8 | (b[8] & 0x3), b[8] >> 4 & 0x0f,
                b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return std::string("urn:uuid:") + text;
}

Result<security::tls::TlsPolicy> ProtocolSupport::tls_policy() const {
  return security::tls::TlsPolicy::from_settings(core_.security().settings());
}

void ProtocolSupport::trusted_communication_failed(std::string protocol, std::string destination,
                                                   std::string reason) const {
  core_.security().audit().record(security::audit::events::trusted_communication_failed(
      std::move(protocol), std::move(destination), std::move(reason)));
}

void ProtocolSupport::raw_data_refused(std::string peer, std::string reason) const {
  core_.security().audit().record(
      security::audit::events::raw_data_refused(std::move(peer), std::move(reason)));
}

void ProtocolSupport::pjl_command_refused(std::string keyword, std::string protocol,
                                          std::string peer) const {
  core_.security().audit().record(security::audit::events::pjl_command_refused(
      std::move(keyword), std::move(protocol), std::move(peer)));
}

}  // namespace mfp::pipeline::device
