// System → Security → Certificate Settings: the device certificate (subject, issuer, validity,
// key, signature, SHA-256 fingerprint) and its download (PEM, to install as a trusted root as
// the guide asks); Create Self-Signed Certificate (key, digest, issuer, days; it names the
// device's host names and addresses); Create Certificate Signing Request (key, digest and the
// subject; the request downloads as PEM for the CA); the trusted CA certificates with Remove.
// The device services decide who may do each (administrators) and audit every change.

#include <string>

#include "frontends/cwis/pages.h"
#include "frontends/cwis/web_request.h"
#include "pipeline/device/time_operations.h"
#include "security/certs/key_kind.h"
#include "security/certs/trust_store.h"

namespace mfp::frontends::cwis {

namespace {

namespace certs = security::certs;

http::TemplateData details(const pipeline::device::CertificateDetails& c) {
  http::TemplateData d;
  d.set("subject", c.subject);
  d.set("issuer", c.issuer);
  d.set("not_before", pipeline::device::utc_text(c.not_before));
  d.set("not_after", pipeline::device::utc_text(c.not_after));
  d.set("key", c.key);
  d.set("signature", c.signature);
  d.set("fingerprint", certs::fingerprint_hex(c.sha256));
  d.set("chain", std::to_string(c.chain_length));
  return d;
}

http::TemplateList key_choices() {
  http::TemplateList list;
  for (certs::KeyKind k : certs::kKeyKinds) {
    http::TemplateData c;
    c.set("value", std::string(certs::keyword(k)));
    c.set("label", std::string(certs::to_string(k)));
    list.push_back(c);
  }
  return list;
}

http::TemplateList digest_choices() {
  http::TemplateList list;
  for (certs::SignatureDigest d : certs::kSignatureDigests) {
    http::TemplateData c;
    c.set("value", std::string(certs::keyword(d)));
    c.set("label", std::string(certs::to_string(d)));
    list.push_back(c);
  }
  return list;
}

void show(WebRequest& request, const std::string& failed, unsigned status) {
  auto device = request.device().certificates().show(request.caller());
  if (!device) return request.fail(device.status());
  auto trusted = request.device().certificates().trusted(request.caller());
  if (!trusted) return request.fail(trusted.status());
  http::TemplateData data;
  data.set("device", details(*device));
  http::TemplateList anchors;
  for (const auto& t : *trusted) anchors.push_back(details(t));
  data.set("trusted", anchors);
  data.set("no_trusted", trusted->empty());
  data.set("keys", key_choices());
  data.set("digests", digest_choices());
  data.set("csrf", request.session()->csrf_token);
  if (!failed.empty()) data.set("failed", failed);
  const std::string_view done = request.query().value("done");
  if (done == "created") {
    data.set("notice", std::string("A new self-signed device certificate is installed. "
                                   "Browsers connecting now see the new certificate."));
  }
  if (done == "untrusted") data.set("notice", std::string("The CA certificate was removed."));
  request.page("templates/certificates.html", "Certificate Settings", data, status);
}

// The key and digest of a form; an error text when they name nothing the device makes.
std::optional<std::string> read_key(const http::FormData& form, certs::KeyKind& key,
                                    certs::SignatureDigest& digest) {
  const auto k = certs::key_kind_from_keyword(form.value("key"));
  const auto d = certs::digest_from_keyword(form.value("digest"));
  if (!k || !d) return std::string("Choose a key and a signature digest from the lists.");
  key = *k;
  digest = *d;
  return std::nullopt;
}

void refused(WebRequest& request, const pipeline::Status& status) {
  if (status.code() == pipeline::StatusCode::permission_denied ||
      status.code() == pipeline::StatusCode::not_found) {
    return request.fail(status);
  }
  show(request, status.message(), 400);
}

}  // namespace

void certificates_page(WebRequest& request) {
  show(request, {}, 200);
}

void certificate_download(WebRequest& request) {
  auto device = request.device().certificates().show(request.caller());
  if (!device) return request.fail(device.status());
  request.download("openmfp-device-certificate.pem", "application/x-pem-file", device->pem);
}

void certificate_create(WebRequest& request) {
  certs::SelfSignedOptions options;
  if (auto bad = read_key(request.form(), options.key, options.digest)) {
    return show(request, *bad, 400);
  }
  options.common_name = std::string(request.form().value("issuer"));
  const auto days = request.number("days");
  if (!days || *days > certs::kMaxValidityDays) {
    return show(request, "Days of validity must be 1 to 9999.", 400);
  }
  options.validity_days = static_cast<std::int32_t>(*days);
  const auto done = request.device().certificates().create_self_signed(request.caller(), options);
  if (!done.is_ok()) return refused(request, done);
  request.see_other("/system/certificates.html?done=created");
}

void certificate_request(WebRequest& request) {
  certs::CertificateRequestOptions options;
  if (auto bad = read_key(request.form(), options.key, options.digest)) {
    return show(request, *bad, 400);
  }
  const auto& form = request.form();
  options.subject.common_name = std::string(form.value("cn"));
  options.subject.organization = std::string(form.value("o"));
  options.subject.organizational_unit = std::string(form.value("ou"));
  options.subject.locality = std::string(form.value("l"));
  options.subject.state = std::string(form.value("st"));
  options.subject.country = std::string(form.value("c"));
  options.subject.email = std::string(form.value("email"));
  auto pem = request.device().certificates().request(request.caller(), options);
  if (!pem) return refused(request, pem.status());
  request.download("openmfp-device.csr", "application/pkcs10", std::move(pem).value());
}

void trust_remove_submit(WebRequest& request) {
  const auto fingerprint = certs::fingerprint_from_hex(request.form().value("sha256"));
  if (!fingerprint) return request.fail(400, "Which CA certificate? The form names none.");
  const auto done = request.device().certificates().untrust(request.caller(), *fingerprint);
  if (!done.is_ok()) return refused(request, done);
  request.see_other("/system/certificates.html?done=untrusted");
}

}  // namespace mfp::frontends::cwis
