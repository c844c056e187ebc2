#include "frontends/mfpd/control_commands.h"

#include <signal.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "frontends/cli/file_document_stream.h"
#include "frontends/mfpd/device_layout.h"
#include "pipeline/jobs/job_state.h"
#include "security/auth/initial_password_file.h"
#include "security/certs/certificate_request.h"
#include "security/certs/device_certificate.h"
#include "security/certs/self_signed_options.h"
#include "security/settings/setting_table.h"
#include "security/settings/setting_value.h"

namespace mfp::frontends::mfpd {

namespace {

using nlohmann::json;
using pipeline::Status;
using pipeline::StatusCode;
namespace ownership = security::ownership;

json failure(const Status& s) {
  return json{
      {"ok", false},
      {"error", s.message().empty() ? std::string(pipeline::to_string(s.code())) : s.message()},
      {"code", std::string(pipeline::to_string(s.code()))}};
}

json failure(std::string message) {
  return json{{"ok", false}, {"error", std::move(message)}, {"code", "invalid_argument"}};
}

json ok(json body = json::object()) {
  body["ok"] = true;
  return body;
}

ownership::Subject key_operator() {
  return ownership::Subject::user(ownership::kKeyOperatorUserId, {ownership::Role::key_operator});
}

const security::settings::SettingDefinition* find_setting(std::string_view key) {
  for (const auto& def : security::settings::setting_table()) {
    if (def.key == key) return &def;
  }
  return nullptr;
}

json job_json(const pipeline::jobs::JobInfo& j) {
  return json{{"id", j.id},
              {"type", std::string(pipeline::jobs::type_keyword(j.type))},
              {"state", std::string(pipeline::jobs::to_keyword(j.state))},
              {"reason", std::string(pipeline::jobs::to_keyword(j.reason))},
              {"owner", j.owner_name},
              {"name", j.name},
              {"origin", j.origin},
              {"private", j.private_print},
              {"copies", j.copies},
              {"pages", j.pages},
              {"created", j.created},
              {"finished", j.finished},
              {"details_hidden", j.details_hidden},
              {"message", j.message}};
}

std::uint64_t id_arg(const json& r, const char* key) {
  return r.at(key).is_string() ? std::stoull(r.at(key).get<std::string>())
                               : r.at(key).get<std::uint64_t>();
}

std::optional<security::certs::KeyKind> key_kind_of(const std::string& name) {
  static const std::map<std::string, security::certs::KeyKind> kKeys = {
      {"rsa-2048", security::certs::KeyKind::rsa_2048},
      {"rsa-3072", security::certs::KeyKind::rsa_3072},
      {"ecdsa-p256", security::certs::KeyKind::ecdsa_p256},
      {"ecdsa-p384", security::certs::KeyKind::ecdsa_p384},
      {"ecdsa-p521", security::certs::KeyKind::ecdsa_p521}};
  auto it = kKeys.find(name);
  if (it == kKeys.end()) return std::nullopt;
  return it->second;
}

std::optional<security::certs::SignatureDigest> digest_of(const std::string& name) {
  static const std::map<std::string, security::certs::SignatureDigest> kDigests = {
      {"sha256", security::certs::SignatureDigest::sha256},
      {"sha384", security::certs::SignatureDigest::sha384},
      {"sha512", security::certs::SignatureDigest::sha512}};
  auto it = kDigests.find(name);
  if (it == kDigests.end()) return std::nullopt;
  return it->second;
}

// "AB:CD:..." as certificate tools print fingerprints.
std::string hex_of(const security::certs::Fingerprint& bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (std::uint8_t b : bytes) {
    if (!out.empty()) out += ':';
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// A file sent base64-encoded in a request (mfpctl encodes it).
std::optional<std::vector<std::uint8_t>> decode_base64(const std::string& data) {
  if (data.size() % 4 != 0 || data.size() > (std::size_t{4} << 20)) return std::nullopt;
  std::vector<std::uint8_t> bytes(data.size() / 4 * 3 + 3);
  const int n = EVP_DecodeBlock(bytes.data(), reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  if (n < 0) return std::nullopt;
  std::size_t length = static_cast<std::size_t>(n);
  for (std::size_t i = data.size(); i > 0 && data[i - 1] == '=' && length > 0; --i) --length;
  bytes.resize(length);
  return bytes;
}

}  // namespace

json ControlCommands::handle(const json& request) noexcept {
  try {
    if (!request.is_object() || !request.contains("cmd") || !request["cmd"].is_string()) {
      return failure("a request is an object with a \"cmd\" string");
    }
    std::lock_guard lock(mu_);
    return dispatch(request["cmd"].get<std::string>(), request);
  } catch (const json::exception&) {
    return failure("missing or malformed argument");
  } catch (const std::logic_error&) {
    return failure("malformed argument");
  } catch (...) {
    return json{{"ok", false}, {"error", "internal error"}, {"code", "internal"}};
  }
}

json ControlCommands::dispatch(const std::string& cmd, const json& r) {
  auto& core = core_;
  auto& sec = core.security();
  const auto ko = key_operator();

  if (cmd == "status") {
    const auto st = core.engine().status();
    json trays = json::array();
    for (const auto& t : core.engine().trays()) {
      trays.push_back(
          json{{"id", t.id}, {"media", t.media}, {"level", t.level}, {"capacity", t.capacity}});
    }
    json toner = json::object();
    for (const auto& t : core.engine().toner()) {
      toner[std::string(engine_hw::to_string(t.colorant))] = t.level_percent();
    }
    std::size_t active = 0, held = 0;
    auto jobs = core.jobs().list(ko, false);
    if (jobs) {
      for (const auto& j : jobs.value()) {
        (j.state == pipeline::jobs::JobState::pending_held ? held : active) += 1;
      }
    }
    return ok(json{{"model", core.engine().model().name},
                   {"printer_state", static_cast<int>(st.state)},
                   {"printer_state_reasons", st.keywords()},
                   {"message", st.message},
                   {"trays", trays},
                   {"toner", toner},
                   {"impressions", core.engine().counters().total_impressions},
                   {"jobs_active", active},
                   {"jobs_held", held},
                   {"overwrite_pending", sec.eraser().pending()},
                   {"settings_deviations", sec.settings().conformance().size()},
                   {"listeners", network_.listeners ? network_.listeners() : json::array()}});
  }

  if (cmd == "settings-list") {
    json out = json::array();
    const auto values = sec.settings().snapshot();
    for (const auto& def : security::settings::setting_table()) {
      auto it = values.find(std::string(def.key));
      out.push_back(json{{"key", std::string(def.key)},
                         {"name", std::string(def.display_name)},
                         {"value", it == values.end() ? "" : it->second},
                         {"secure", std::string(def.secure_value)},
                         {"restart", def.needs_restart}});
    }
    return ok(json{{"settings", out}});
  }
  if (cmd == "settings-get") {
    const std::string key = r.at("key").get<std::string>();
    auto v = sec.settings().value(key);
    if (!v) return failure(v.status());
    return ok(json{{"key", key}, {"value", security::settings::to_text(v.value())}});
  }
  if (cmd == "settings-set") {
    const std::string key = r.at("key").get<std::string>();
    const auto* def = find_setting(key);
    if (def == nullptr) return failure(Status(StatusCode::not_found, "no setting " + key));
    auto v = security::settings::parse_value(def->type, r.at("value").get<std::string>());
    if (!v) return failure(v.status());
    Status s = core.set_setting(key, v.value(), ko);
    if (!s.is_ok()) return failure(s);
    return ok(json{{"key", key}, {"restart", def->needs_restart}});
  }
  if (cmd == "settings-check") {
    json out = json::array();
    for (const auto& d : sec.settings().conformance()) {
      out.push_back(json{
          {"key", d.key}, {"name", d.display_name}, {"value", d.current}, {"required", d.secure}});
    }
    return ok(json{{"deviations", out}});
  }

  if (cmd == "users-list") {
    auto users = core.accounts().list();
    if (!users) return failure(users.status());
    json out = json::array();
    for (const auto& a : users.value()) {
      json roles = json::array();
      for (auto role : ownership::kAllRoles) {
        if (a.roles.contains(role)) roles.push_back(std::string(ownership::to_string(role)));
      }
      out.push_back(json{{"id", a.id},
                         {"login", a.login},
                         {"name", a.display_name},
                         {"roles", roles},
                         {"locked", core.authenticator().locked(a.id)},
                         {"must_change_password", a.must_change_password}});
    }
    return ok(json{{"users", out}});
  }
  if (cmd == "user-add") {
    const std::string role = r.at("role").get<std::string>();
    ownership::RoleSet roles{ownership::Role::general_user};
    if (role == "admin" || role == "system_administrator") {
      roles = ownership::RoleSet{ownership::Role::system_administrator};
    } else if (role != "user" && role != "general_user") {
      return failure("role is user or admin");
    }
    auto password = security::crypto::SecureBytes::copy_of(
        std::span(reinterpret_cast<const std::uint8_t*>(
                      r.at("password").get_ref<const std::string&>().data()),
                  r.at("password").get_ref<const std::string&>().size()));
    auto id = core.accounts().add_user(ko, r.at("login").get<std::string>(),
                                       r.at("name").get<std::string>(), roles, password.span());
    if (!id) return failure(id.status());
    return ok(json{{"id", id.value()}});
  }
  if (cmd == "user-delete") {
    Status s = core.delete_user(ko, id_arg(r, "id"));
    return s.is_ok() ? ok() : failure(s);
  }
  if (cmd == "user-unlock") {
    Status s = core.authenticator().unlock(ko, id_arg(r, "id"));
    return s.is_ok() ? ok() : failure(s);
  }

  if (cmd == "jobs-list") {
    auto jobs = core.jobs().list(ko, !r.contains("active_only"));
    if (!jobs) return failure(jobs.status());
    json out = json::array();
    for (const auto& j : jobs.value()) out.push_back(job_json(j));
    return ok(json{{"jobs", out}});
  }
  if (cmd == "job-release") {
    // With "user", the user logs in as at the panel and releases as themself (Private Charge
    // Print: the owner's own release); without, the Key Operator releases.
    ownership::Subject who = ko;
    if (r.contains("user")) {
      const auto& password = r.at("password").get_ref<const std::string&>();
      auto login = core.authenticator().verify(
          r.at("user").get<std::string>(),
          std::span(reinterpret_cast<const std::uint8_t*>(password.data()), password.size()),
          security::auth::Interface::panel, "local");
      if (!login) return failure(login.status());
      who = login.value().subject;
    }
    Status s = core.jobs().release(who, id_arg(r, "id"));
    return s.is_ok() ? ok() : failure(s);
  }
  if (cmd == "engine-output") {
    // The simulated engine's output tray: what each delivered sheet carried (checksums of the
    // printed raster, not the raster), newest `last`, optionally of one job.
    const std::size_t last = r.value("last", std::size_t{100});
    const std::uint64_t job = r.value("job", std::uint64_t{0});
    json out = json::array();
    for (const auto& p : simulator_.output_tray().records()) {
      if (job != 0 && p.owner.job_id != job) continue;
      out.push_back(json{{"sequence", p.sequence},
                         {"job", p.owner.job_id},
                         {"page", p.geometry.page + 1},
                         {"width", p.geometry.width},
                         {"height", p.geometry.height},
                         {"dpi", p.geometry.x_dpi},
                         {"format", std::string(pipeline::to_string(p.format))},
                         {"color", p.color},
                         {"tray", p.tray},
                         {"output_bin", p.output_bin},
                         {"sheet", p.sheet},
                         {"side", p.back ? "back" : "front"},
                         {"sha256", p.sha256}});
    }
    if (out.size() > last) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(last));
    return ok(json{{"pages", out}});
  }
  if (cmd == "cert-show") {
    auto certificate = core.device_certificate();
    if (!certificate) return failure(Status(StatusCode::not_found, "no device certificate"));
    const auto& leaf = certificate->leaf();
    const std::string fingerprint = hex_of(leaf.sha256_fingerprint());
    const auto unix = [](auto t) {
      return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    };
    return ok(
        json{{"subject", leaf.subject_common_name()},
             {"issuer", leaf.issuer_common_name()},
             {"not_before", unix(leaf.not_before())},
             {"not_after", unix(leaf.not_after())},
             {"key", leaf.public_key().algorithm + " " +
                         (leaf.public_key().curve.empty() ? std::to_string(leaf.public_key().bits)
                                                          : leaf.public_key().curve)},
             {"signature", leaf.signature_digest()},
             {"sha256", fingerprint},
             {"chain", certificate->chain().size()},
             {"pem", certificate->chain_pem()}});
  }
  if (cmd == "cert-create") {
    security::certs::SelfSignedOptions options;
    const auto key = key_kind_of(r.value("key", "ecdsa-p256"));
    const auto digest = digest_of(r.value("digest", "sha256"));
    if (!key) return failure("key is rsa-2048, rsa-3072, ecdsa-p256/p384/p521");
    if (!digest) return failure("digest is sha256, sha384 or sha512");
    options.key = *key;
    options.digest = *digest;
    options.common_name = r.value("issuer", options.common_name);
    options.validity_days = r.value("days", options.validity_days);
    auto made = security::certs::make_self_signed(options, std::chrono::system_clock::now());
    if (!made) return failure(made.status());
    Status s = core.set_device_certificate(ko, std::move(made).value());
    return s.is_ok() ? ok() : failure(s);
  }
  if (cmd == "cert-csr") {
    security::certs::CertificateRequestOptions options;
    const auto key = key_kind_of(r.value("key", "ecdsa-p256"));
    const auto digest = digest_of(r.value("digest", "sha256"));
    if (!key) return failure("key is rsa-2048, rsa-3072, ecdsa-p256/p384/p521");
    if (!digest) return failure("digest is sha256, sha384 or sha512");
    options.key = *key;
    options.digest = *digest;
    options.subject.common_name = r.value("cn", "");
    options.subject.organization = r.value("o", "");
    options.subject.organizational_unit = r.value("ou", "");
    options.subject.locality = r.value("l", "");
    options.subject.state = r.value("st", "");
    options.subject.country = r.value("c", "");
    options.subject.email = r.value("email", "");
    auto request = security::certs::make_csr(options);
    if (!request) return failure(request.status());
    // The new key waits here, in memory only, for the CA's answer (cert-accept); a restart or
    // a newer request discards it.
    pending_csr_.emplace(std::move(request).value());
    return ok(json{{"pem", pending_csr_->pem()}});
  }
  if (cmd == "cert-accept") {
    if (!pending_csr_) return failure(Status(StatusCode::conflict, "no certificate request"));
    auto bytes = decode_base64(r.at("data").get_ref<const std::string&>());
    if (!bytes) return failure("the file did not arrive intact");
    const auto format = r.value("format", "x509") == "pkcs7" ? security::certs::ImportFormat::pkcs7
                                                             : security::certs::ImportFormat::x509;
    auto certificate = pending_csr_->accept(*bytes, format, std::chrono::system_clock::now());
    if (!certificate) return failure(certificate.status());
    pending_csr_.reset();
    Status s = core.set_device_certificate(ko, std::move(certificate).value());
    return s.is_ok() ? ok() : failure(s);
  }
  if (cmd == "trust-list") {
    json out = json::array();
    const auto trust = core.trust_store();  // list() refers into it: keep it alive
    for (const auto& c : trust.list()) {
      out.push_back(json{{"subject", c.subject_common_name()},
                         {"issuer", c.issuer_common_name()},
                         {"sha256", hex_of(c.sha256_fingerprint())},
                         {"not_after", std::chrono::duration_cast<std::chrono::seconds>(
                                           c.not_after().time_since_epoch())
                                           .count()}});
    }
    return ok(json{{"certificates", out}});
  }
  if (cmd == "trust-add") {
    auto bytes = decode_base64(r.at("data").get_ref<const std::string&>());
    if (!bytes) return failure("the file did not arrive intact");
    const std::string format = r.value("format", "x509");
    const auto kind = format == "pkcs7"    ? security::certs::ImportFormat::pkcs7
                      : format == "pkcs12" ? security::certs::ImportFormat::pkcs12
                                           : security::certs::ImportFormat::x509;
    auto added = core.import_trusted(ko, *bytes, kind, r.value("password", ""));
    std::fill(bytes->begin(), bytes->end(), 0);
    if (!added) return failure(added.status());
    return ok(json{{"added", added.value()}});
  }
  if (cmd == "trust-remove") {
    const std::string text = r.at("sha256").get<std::string>();
    security::certs::Fingerprint fingerprint{};
    std::string hex;
    for (char c : text) {
      if (std::isxdigit(static_cast<unsigned char>(c))) hex += c;
    }
    if (hex.size() != 64) return failure("sha256: 64 hex digits");
    for (std::size_t i = 0; i < 32; ++i) {
      fingerprint.at(i) = static_cast<std::uint8_t>(std::stoi(hex.substr(i * 2, 2), nullptr, 16));
    }
    Status s = core.remove_trusted(ko, fingerprint);
    return s.is_ok() ? ok() : failure(s);
  }
  if (cmd == "cert-import") {
    // A PKCS#12 file with the device's key and certificate (base64 in the request).
    auto decoded = decode_base64(r.at("data").get_ref<const std::string&>());
    if (!decoded) return failure("the file did not arrive intact");
    std::vector<std::uint8_t>& bytes = *decoded;
    const auto& password = r.at("password").get_ref<const std::string&>();
    auto imported = security::certs::DeviceCertificate::import_pkcs12(
        bytes, password, std::chrono::system_clock::now());
    std::fill(bytes.begin(), bytes.end(), 0);
    if (!imported) return failure(imported.status());
    Status s = core.set_device_certificate(ko, std::move(imported).value());
    return s.is_ok() ? ok() : failure(s);
  }
  if (cmd == "job-cancel") {
    Status s = core.jobs().cancel(ko, id_arg(r, "id"));
    return s.is_ok() ? ok() : failure(s);
  }
  if (cmd == "print") {
    const std::string path = r.at("path").get<std::string>();
    auto stream = cli::FileDocumentStream::open(path);
    if (!stream) return failure(stream.status());
    pipeline::jobs::SubmitRequest req;
    req.name = r.value("name", std::filesystem::path(path).filename().string());
    req.credential = pipeline::jobs::Credential::verified;
    req.submitter = ko;
    req.user_name = core.accounts().audit_name(ownership::kKeyOperatorUserId);
    req.origin = "local";
    req.copies = r.value("copies", 1u);
    pipeline::jobs::SubmitDocument doc;
    doc.stream = std::move(stream).value();
    req.documents.push_back(std::move(doc));
    auto id = core.jobs().submit(std::move(req));
    if (!id) return failure(id.status());
    auto info = core.jobs().get(ko, id.value());
    return ok(json{{"id", id.value()},
                   {"state", info ? std::string(pipeline::jobs::to_keyword(info.value().state))
                                  : std::string("unknown")}});
  }

  if (cmd == "folders-list") {
    auto folders = core.folders().list_folders(ko);
    if (!folders) return failure(folders.status());
    json out = json::array();
    for (const auto& f : folders.value()) {
      out.push_back(json{{"number", f.number}, {"name", f.name}});
    }
    return ok(json{{"folders", out}});
  }
  if (cmd == "folder-create") {
    Status s = core.folders().create_folder(ko, r.at("number").get<std::uint32_t>(),
                                            r.at("name").get<std::string>(),
                                            r.value("check_passcode", false));
    return s.is_ok() ? ok() : failure(s);
  }
  if (cmd == "folder-delete") {
    Status s = core.folders().delete_folder(ko, r.at("number").get<std::uint32_t>());
    return s.is_ok() ? ok() : failure(s);
  }

  auto& engine = simulator_;
  if (cmd == "engine-tray") {
    const std::string tray = r.at("tray").get<std::string>();
    const std::string action = r.at("action").get<std::string>();
    Status s = Status::ok();
    if (action == "fill") {
      s = engine.fill_tray(tray);
    } else if (action == "empty") {
      s = engine.set_tray_level(tray, 0);
    } else {
      s = engine.set_tray_level(tray, static_cast<std::uint32_t>(std::stoul(action)));
    }
    return s.is_ok() ? ok() : failure(s);
  }
  if (cmd == "engine-jam") {
    engine.inject_jam(0);
    return ok();
  }
  if (cmd == "engine-clear-jam") {
    engine.clear_jam();
    return ok();
  }
  if (cmd == "engine-door") {
    engine.set_door_open(r.at("open").get<bool>());
    return ok();
  }
  if (cmd == "engine-toner") {
    const std::string name = r.at("colorant").get<std::string>();
    for (unsigned c = 0; c < engine_hw::kColorantCount; ++c) {
      const auto colorant = static_cast<engine_hw::Colorant>(c);
      if (engine_hw::to_string(colorant) == name) {
        Status s = engine.set_toner(colorant, r.at("percent").get<double>());
        return s.is_ok() ? ok() : failure(s);
      }
    }
    return failure("colorant is cyan, magenta, yellow or black");
  }

  if (cmd == "audit-list") {
    // The newest `last` records, oldest first (the full log leaves the device only through
    // the administrator's export).
    auto events = sec.audit().events();
    if (!events) return failure(events.status());
    const std::size_t last = r.value("last", std::size_t{50});
    const auto& all = events.value();
    json out = json::array();
    for (std::size_t i = all.size() > last ? all.size() - last : 0; i < all.size(); ++i) {
      const auto& e = all[i];
      json items = json::object();
      for (const auto& [k, v] : e.event.items) items[k] = v;
      out.push_back(json{{"sequence", e.sequence},
                         {"id", static_cast<unsigned>(e.event.id)},
                         {"event", e.event.name},
                         {"description", e.event.description},
                         {"status", e.event.status},
                         {"user", e.event.user},
                         {"items", items}});
    }
    return ok(json{{"events", out}});
  }
  if (cmd == "first-start-password") {
    auto ko_account = core.accounts().get(ownership::kKeyOperatorUserId);
    if (initial_password_.size() == 0 || !ko_account || !ko_account.value().must_change_password) {
      return failure(Status(StatusCode::not_found,
                            "no first-start password: the Key Operator has set a password"));
    }
    return ok(json{{"password", std::string(reinterpret_cast<const char*>(initial_password_.data()),
                                            initial_password_.size())}});
  }
  if (cmd == "factory-reset") {
    if (!r.value("confirm", false)) return failure("factory-reset needs confirm: true");
    initial_password_.clear();
    if (network_.pause) network_.pause();
    Status s = core.factory_reset(ko);
    if (s.is_ok() && network_.resume) network_.resume();
    if (!s.is_ok()) {
      // The services did not reopen: the daemon must not serve a half-open device. It stops
      // (the signal reaches mfpd's main thread); the next start reopens what the reset left.
      ::kill(::getpid(), SIGTERM);
      return failure(s);
    }
    initial_password_ = core.take_initial_password();
    if (Status w =
            security::auth::write_initial_password_file(password_file_, initial_password_.span());
        !w.is_ok()) {
      return failure(w);
    }
    return ok(json{{"password", std::string(reinterpret_cast<const char*>(initial_password_.data()),
                                            initial_password_.size())}});
  }
  if (cmd == "restart") {
    if (!on_restart_) return failure("this daemon cannot restart");
    on_restart_();
    // The main thread takes the signal and shuts down in order; the answer goes out first
    // (the control server stops after answering).
    ::kill(::getpid(), SIGTERM);
    return ok();
  }
  return failure("unknown command " + cmd);
}

}  // namespace mfp::frontends::mfpd
