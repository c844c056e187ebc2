#include "frontends/mfpd/control_commands.h"

#include <algorithm>
#include <array>
#include <ctime>

#include "frontends/cli/file_document_stream.h"
#include "frontends/http/base64.h"
#include "pipeline/jobs/job_state.h"
#include "security/auth/initial_password_file.h"
#include "security/certs/key_kind.h"
#include "security/certs/trust_store.h"
#include "security/settings/setting_choices.h"
#include "security/settings/setting_value.h"

namespace mfp::frontends::mfpd {

namespace {

using nlohmann::json;
using pipeline::Status;
using pipeline::StatusCode;
using pipeline::device::OperationId;
namespace ownership = security::ownership;
namespace certs = security::certs;

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

json done(const Status& s) {
  return s.is_ok() ? ok() : failure(s);
}

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
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

std::span<const std::uint8_t> bytes_of(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string text_of(const security::crypto::SecureBytes& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// The request's "key" and "digest" (defaults: ecdsa-p256, sha256); the failure to answer when
// either names nothing the device makes.
std::optional<json> read_key_choice(const json& r, certs::KeyKind& key,
                                    certs::SignatureDigest& digest) {
  const auto k = certs::key_kind_from_keyword(r.value("key", "ecdsa-p256"));
  const auto d = certs::digest_from_keyword(r.value("digest", "sha256"));
  if (!k) return failure("key is rsa-2048, rsa-3072, ecdsa-p256/p384/p521");
  if (!d) return failure("digest is sha256, sha384 or sha512");
  key = *k;
  digest = *d;
  return std::nullopt;
}

// A file sent base64-encoded in a request (mfpctl encodes it), at most 4 MiB of text; the
// bytes are zeroed when dropped (keys, PKCS#12 files).
std::optional<security::crypto::SecureBytes> decode_file(const std::string& data) {
  if (data.size() > (std::size_t{4} << 20)) return std::nullopt;
  return http::decode_base64(data);
}

json certificate_json(const pipeline::device::CertificateDetails& d) {
  return json{{"subject", d.subject},
              {"issuer", d.issuer},
              {"not_before", unix_seconds(d.not_before)},
              {"not_after", unix_seconds(d.not_after)},
              {"key", d.key},
              {"signature", d.signature},
              {"sha256", certs::fingerprint_hex(d.sha256)},
              {"chain", d.chain_length},
              {"pem", d.pem}};
}

}  // namespace

std::span<const ControlCommand> ControlCommands::table() noexcept {
  // Inside a member: the rows name the private handlers.
  using C = ControlCommands;
  static constexpr std::optional<OperationId> kSimulator = std::nullopt;

  // clang-format off
  static constexpr std::array kCommands = {
    ControlCommand{"status", "status", OperationId::device_status, &C::status},
    ControlCommand{"settings-list", "settings list", OperationId::settings_list, &C::settings_list},
    ControlCommand{"settings-get", "settings get", OperationId::setting_get, &C::settings_get},
    ControlCommand{"settings-set", "settings set", OperationId::setting_set, &C::settings_set},
    ControlCommand{"settings-check", "settings check", OperationId::settings_check, &C::settings_check},
    ControlCommand{"settings-secure", "settings secure", OperationId::settings_apply_secure, &C::settings_secure},
    ControlCommand{"time-view", "time show", OperationId::time_view, &C::time_view},
    ControlCommand{"time-adjust", "time set", OperationId::time_adjust, &C::time_adjust},
    ControlCommand{"users-list", "users list", OperationId::users_list, &C::users_list},
    ControlCommand{"user-add", "users add", OperationId::user_add, &C::user_add},
    ControlCommand{"user-delete", "users delete", OperationId::user_delete, &C::user_delete},
    ControlCommand{"user-unlock", "users unlock", OperationId::user_unlock, &C::user_unlock},
    ControlCommand{"jobs-list", "jobs list", OperationId::jobs_list, &C::jobs_list},
    ControlCommand{"job-release", "jobs release", OperationId::job_release, &C::job_release},
    ControlCommand{"job-cancel", "jobs cancel", OperationId::job_cancel, &C::job_cancel},
    ControlCommand{"print", "print", OperationId::job_submit, &C::print},
    ControlCommand{"cert-show", "certs show", OperationId::certificate_show, &C::cert_show},
    ControlCommand{"cert-create", "certs create", OperationId::certificate_create_self_signed, &C::cert_create},
    ControlCommand{"cert-csr", "certs csr", OperationId::certificate_request, &C::cert_csr},
    ControlCommand{"cert-accept", "certs accept", OperationId::certificate_accept, &C::cert_accept},
    ControlCommand{"trust-list", "certs trusted", OperationId::trust_list, &C::trust_list},
    ControlCommand{"trust-add", "certs trust", OperationId::trust_add, &C::trust_add},
    ControlCommand{"trust-remove", "certs untrust", OperationId::trust_remove, &C::trust_remove},
    ControlCommand{"cert-import", "certs import", OperationId::certificate_import, &C::cert_import},
    ControlCommand{"folders-list", "folders list", OperationId::folders_list, &C::folders_list},
    ControlCommand{"folder-create", "folders create", OperationId::folder_create, &C::folder_create},
    ControlCommand{"folder-delete", "folders delete", OperationId::folder_delete, &C::folder_delete},
    ControlCommand{"engine-tray", "engine tray", kSimulator, &C::engine_tray},
    ControlCommand{"engine-output", "engine output", kSimulator, &C::engine_output},
    ControlCommand{"engine-jam", "engine jam", kSimulator, &C::engine_jam},
    ControlCommand{"engine-clear-jam", "engine clear-jam", kSimulator, &C::engine_clear_jam},
    ControlCommand{"engine-door", "engine door", kSimulator, &C::engine_door},
    ControlCommand{"engine-toner", "engine toner", kSimulator, &C::engine_toner},
    ControlCommand{"audit-list", "audit", OperationId::audit_list, &C::audit_list},
    ControlCommand{"restart", "restart", OperationId::restart, &C::restart},
    // The daemon's own: the password its start made, kept for its operator.
    ControlCommand{"first-start-password", "first-start-password", std::nullopt, &C::first_start_password},
    ControlCommand{"factory-reset", "factory-reset", OperationId::factory_reset, &C::factory_reset},
  };
  // clang-format on
  return kCommands;
}

json ControlCommands::handle(const json& request) noexcept {
  try {
    if (!request.is_object() || !request.contains("cmd") || !request["cmd"].is_string()) {
      return failure("a request is an object with a \"cmd\" string");
    }
    const auto& cmd = request["cmd"].get_ref<const std::string&>();
    const auto commands = table();
    const auto it = std::find_if(commands.begin(), commands.end(),
                                 [&](const ControlCommand& c) { return c.name == cmd; });
    if (it == commands.end()) return failure("unknown command " + cmd);
    std::lock_guard lock(mu_);
    return (this->*(it->handler))(request);
  } catch (const json::exception&) {
    return failure("missing or malformed argument");
  } catch (const std::logic_error&) {
    return failure("malformed argument");
  } catch (...) {
    return json{{"ok", false}, {"error", "internal error"}, {"code", "internal"}};
  }
}

// ---- device --------------------------------------------------------------------------------

json ControlCommands::status(const json&) {
  auto st = services_.status().status(caller_);
  if (!st) return failure(st.status());
  const auto& s = st.value();
  json trays = json::array();
  for (const auto& t : s.trays) {
    trays.push_back(
        json{{"id", t.id}, {"media", t.media}, {"level", t.level}, {"capacity", t.capacity}});
  }
  json toner = json::object();
  for (const auto& t : s.toner)
    toner[std::string(engine_hw::to_string(t.colorant))] = t.level_percent();
  json faults = json::array();
  for (const auto& f : s.faults) {
    faults.push_back(json{{"code", std::string(f.code->code)},
                          {"cause", std::string(f.code->cause)},
                          {"remedy", std::string(f.code->remedy)},
                          {"detail", f.detail},
                          {"since", unix_seconds(f.since)},
                          {"count", f.count}});
  }
  return ok(json{{"model", s.model.name},
                 {"product", s.model.product},
                 {"software_version", s.software_version},
                 {"clock", unix_seconds(s.clock)},
                 {"printer_state", static_cast<int>(s.engine.state)},
                 {"printer_state_reasons", s.engine.keywords()},
                 {"message", s.engine.message},
                 {"trays", trays},
                 {"toner", toner},
                 {"impressions", s.counters.total_impressions},
                 {"jobs_active", s.jobs_active},
                 {"jobs_held", s.jobs_held},
                 {"overwrite_pending", s.overwrite_pending},
                 {"settings_deviations", s.settings_deviations},
                 {"faults", faults},
                 {"scanner", s.scanner_installed},
                 {"fax_lines", s.fax_lines},
                 {"listeners", listeners_ ? listeners_() : json::array()}});
}

json ControlCommands::restart(const json&) {
  return done(services_.maintenance().restart(caller_));
}

json ControlCommands::factory_reset(const json& r) {
  if (!r.value("confirm", false)) return failure("factory-reset needs confirm: true");
  initial_password_.clear();
  auto password = services_.maintenance().factory_reset(caller_);
  if (!password) return failure(password.status());
  initial_password_ = std::move(password).value();
  if (Status w =
          security::auth::write_initial_password_file(password_file_, initial_password_.span());
      !w.is_ok()) {
    return failure(w);
  }
  return ok(json{{"password", text_of(initial_password_)}});
}

json ControlCommands::first_start_password(const json&) {
  auto ko_account = services_.users().view(caller_, ownership::kKeyOperatorUserId);
  if (initial_password_.size() == 0 || !ko_account || !ko_account.value().must_change_password) {
    return failure(Status(StatusCode::not_found,
                          "no first-start password: the Key Operator has set a password"));
  }
  return ok(json{{"password", text_of(initial_password_)}});
}

// ---- settings ------------------------------------------------------------------------------

json ControlCommands::settings_list(const json&) {
  auto rows = services_.settings().list(caller_);
  if (!rows) return failure(rows.status());
  json out = json::array();
  for (const auto& s : rows.value()) {
    out.push_back(json{{"key", s.key},
                       {"name", s.name},
                       {"value", s.value},
                       {"secure", s.secure},
                       {"deviates", s.deviates},
                       {"restart", s.needs_restart}});
  }
  return ok(json{{"settings", out}});
}

json ControlCommands::settings_get(const json& r) {
  auto row = services_.settings().get(caller_, r.at("key").get<std::string>());
  if (!row) return failure(row.status());
  return ok(json{{"key", row.value().key}, {"value", row.value().value}});
}

json ControlCommands::settings_set(const json& r) {
  pipeline::device::SettingChange change{r.at("key").get<std::string>(),
                                         r.at("value").get<std::string>()};
  auto changed = services_.settings().set(caller_, change);
  if (!changed) return failure(changed.status());
  return ok(json{{"key", change.key}, {"restart", changed.value().needs_restart}});
}

json ControlCommands::settings_check(const json&) {
  auto deviations = services_.settings().check(caller_);
  if (!deviations) return failure(deviations.status());
  json out = json::array();
  for (const auto& d : deviations.value()) {
    out.push_back(json{
        {"key", d.key}, {"name", d.display_name}, {"value", d.current}, {"required", d.secure}});
  }
  return ok(json{{"deviations", out}});
}

json ControlCommands::settings_secure(const json&) {
  auto applied = services_.settings().apply_secure(caller_);
  if (!applied) return failure(applied.status());
  return ok(json{{"changed", applied.value().changed},
                 {"elsewhere", applied.value().elsewhere},
                 {"restart", applied.value().needs_restart}});
}

// ---- time ----------------------------------------------------------------------------------

json ControlCommands::time_view(const json&) {
  auto t = services_.time().view(caller_);
  if (!t) return failure(t.status());
  return ok(
      json{{"unix", unix_seconds(t.value().now)},
           {"time", pipeline::device::utc_text(t.value().now)},
           {"time_zone_minutes", t.value().time_zone_minutes},
           {"date_format", std::string(security::settings::choice_name(t.value().date_format))}});
}

json ControlCommands::time_adjust(const json& r) {
  const auto when =
      std::chrono::system_clock::time_point(std::chrono::seconds(r.at("unix").get<std::int64_t>()));
  return done(services_.time().adjust(caller_, {when}));
}

// ---- users ---------------------------------------------------------------------------------

json ControlCommands::users_list(const json&) {
  auto users = services_.users().list(caller_);
  if (!users) return failure(users.status());
  json out = json::array();
  for (const auto& u : users.value()) {
    json roles = json::array();
    for (auto role : ownership::kAllRoles) {
      if (u.roles.contains(role)) roles.push_back(std::string(ownership::to_string(role)));
    }
    out.push_back(json{{"id", u.id},
                       {"login", u.login},
                       {"name", u.name},
                       {"roles", roles},
                       {"locked", u.locked},
                       {"must_change_password", u.must_change_password}});
  }
  return ok(json{{"users", out}});
}

json ControlCommands::user_add(const json& r) {
  const std::string role = r.at("role").get<std::string>();
  pipeline::device::NewUser user;
  user.roles = ownership::RoleSet{ownership::Role::general_user};
  if (role == "admin" || role == "system_administrator") {
    user.roles = ownership::RoleSet{ownership::Role::system_administrator};
  } else if (role != "user" && role != "general_user") {
    return failure("role is user or admin");
  }
  user.login = r.at("login").get<std::string>();
  user.name = r.at("name").get<std::string>();
  user.password = security::crypto::SecureBytes::copy_of(
      bytes_of(r.at("password").get_ref<const std::string&>()));
  auto id = services_.users().add(caller_, user);
  if (!id) return failure(id.status());
  return ok(json{{"id", id.value()}});
}

json ControlCommands::user_delete(const json& r) {
  return done(services_.users().remove(caller_, id_arg(r, "id")));
}

json ControlCommands::user_unlock(const json& r) {
  return done(services_.users().unlock(caller_, id_arg(r, "id")));
}

// ---- jobs ----------------------------------------------------------------------------------

json ControlCommands::jobs_list(const json& r) {
  auto jobs = services_.jobs().list(caller_, {.include_history = !r.contains("active_only")});
  if (!jobs) return failure(jobs.status());
  json out = json::array();
  for (const auto& j : jobs.value()) out.push_back(job_json(j));
  return ok(json{{"jobs", out}});
}

json ControlCommands::job_release(const json& r) {
  // With "user", the user logs in as at the panel and releases as themself (Private Charge
  // Print: the owner's own release); without, the Key Operator releases.
  pipeline::device::Caller who = caller_;
  if (r.contains("user")) {
    auto login = services_.protocol().login(
        r.at("user").get<std::string>(), bytes_of(r.at("password").get_ref<const std::string&>()),
        security::auth::Interface::panel, "local");
    if (!login) return failure(login.status());
    who.subject = login.value().subject;
  }
  return done(services_.jobs().release(who, id_arg(r, "id")));
}

json ControlCommands::job_cancel(const json& r) {
  return done(services_.jobs().cancel(caller_, id_arg(r, "id")));
}

json ControlCommands::print(const json& r) {
  const std::string path = r.at("path").get<std::string>();
  auto stream = cli::FileDocumentStream::open(path);
  if (!stream) return failure(stream.status());
  pipeline::jobs::SubmitRequest req;
  req.name = r.value("name", std::filesystem::path(path).filename().string());
  req.credential = pipeline::jobs::Credential::verified;
  req.copies = r.value("copies", 1u);
  pipeline::jobs::SubmitDocument doc;
  doc.stream = std::move(stream).value();
  req.documents.push_back(std::move(doc));
  auto id = services_.jobs().submit(caller_, std::move(req));
  if (!id) return failure(id.status());
  auto info = services_.jobs().view(caller_, id.value());
  return ok(json{{"id", id.value()},
                 {"state", info ? std::string(pipeline::jobs::to_keyword(info.value().state))
                                : std::string("unknown")}});
}

// ---- certificates --------------------------------------------------------------------------

json ControlCommands::cert_show(const json&) {
  auto details = services_.certificates().show(caller_);
  if (!details) return failure(details.status());
  return ok(certificate_json(details.value()));
}

json ControlCommands::cert_create(const json& r) {
  certs::SelfSignedOptions options;
  if (auto bad = read_key_choice(r, options.key, options.digest)) return *bad;
  options.common_name = r.value("issuer", options.common_name);
  options.validity_days = r.value("days", options.validity_days);
  return done(services_.certificates().create_self_signed(caller_, options));
}

json ControlCommands::cert_csr(const json& r) {
  certs::CertificateRequestOptions options;
  if (auto bad = read_key_choice(r, options.key, options.digest)) return *bad;
  options.subject.common_name = r.value("cn", "");
  options.subject.organization = r.value("o", "");
  options.subject.organizational_unit = r.value("ou", "");
  options.subject.locality = r.value("l", "");
  options.subject.state = r.value("st", "");
  options.subject.country = r.value("c", "");
  options.subject.email = r.value("email", "");
  auto pem = services_.certificates().request(caller_, options);
  if (!pem) return failure(pem.status());
  return ok(json{{"pem", pem.value()}});
}

json ControlCommands::cert_accept(const json& r) {
  auto bytes = decode_file(r.at("data").get_ref<const std::string&>());
  if (!bytes) return failure("the file did not arrive intact");
  const auto format =
      r.value("format", "x509") == "pkcs7" ? certs::ImportFormat::pkcs7 : certs::ImportFormat::x509;
  return done(services_.certificates().accept(caller_, bytes->span(), format));
}

json ControlCommands::cert_import(const json& r) {
  // A PKCS#12 file with the device's key and certificate (base64 in the request).
  const auto file = decode_file(r.at("data").get_ref<const std::string&>());
  if (!file) return failure("the file did not arrive intact");
  return done(services_.certificates().import_pkcs12(
      caller_, file->span(), r.at("password").get_ref<const std::string&>()));
}

json ControlCommands::trust_list(const json&) {
  auto trusted = services_.certificates().trusted(caller_);
  if (!trusted) return failure(trusted.status());
  json out = json::array();
  for (const auto& c : trusted.value()) {
    out.push_back(json{{"subject", c.subject},
                       {"issuer", c.issuer},
                       {"sha256", certs::fingerprint_hex(c.sha256)},
                       {"not_after", unix_seconds(c.not_after)}});
  }
  return ok(json{{"certificates", out}});
}

json ControlCommands::trust_add(const json& r) {
  const auto file = decode_file(r.at("data").get_ref<const std::string&>());
  if (!file) return failure("the file did not arrive intact");
  const std::string format = r.value("format", "x509");
  const auto kind = format == "pkcs7"    ? certs::ImportFormat::pkcs7
                    : format == "pkcs12" ? certs::ImportFormat::pkcs12
                                         : certs::ImportFormat::x509;
  auto added = services_.certificates().trust(caller_, file->span(), kind, r.value("password", ""));
  if (!added) return failure(added.status());
  return ok(json{{"added", added.value()}});
}

json ControlCommands::trust_remove(const json& r) {
  const auto fingerprint = certs::fingerprint_from_hex(r.at("sha256").get<std::string>());
  if (!fingerprint) return failure("sha256: 64 hex digits");
  return done(services_.certificates().untrust(caller_, *fingerprint));
}

// ---- folders -------------------------------------------------------------------------------

json ControlCommands::folders_list(const json&) {
  auto folders = services_.folders().list(caller_);
  if (!folders) return failure(folders.status());
  json out = json::array();
  for (const auto& f : folders.value()) out.push_back(json{{"number", f.number}, {"name", f.name}});
  return ok(json{{"folders", out}});
}

json ControlCommands::folder_create(const json& r) {
  return done(services_.folders().create(
      caller_, {r.at("number").get<std::uint32_t>(), r.at("name").get<std::string>(),
                r.value("check_passcode", false)}));
}

json ControlCommands::folder_delete(const json& r) {
  return done(services_.folders().remove(caller_, r.at("number").get<std::uint32_t>()));
}

// ---- audit ---------------------------------------------------------------------------------

json ControlCommands::audit_list(const json& r) {
  // The newest `last` records, oldest first (the full log leaves the device only through the
  // administrator's export).
  auto events = services_.audit().list(caller_, r.value("last", std::size_t{50}));
  if (!events) return failure(events.status());
  json out = json::array();
  for (const auto& e : events.value()) {
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

// ---- the simulated engine (not device operations: a real engine has none of these) ---------

json ControlCommands::engine_output(const json& r) {
  // What each delivered sheet carried (checksums of the printed raster, not the raster),
  // newest `last`, optionally of one job.
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

json ControlCommands::engine_tray(const json& r) {
  const std::string tray = r.at("tray").get<std::string>();
  const std::string action = r.at("action").get<std::string>();
  if (action == "fill") return done(simulator_.fill_tray(tray));
  if (action == "empty") return done(simulator_.set_tray_level(tray, 0));
  return done(simulator_.set_tray_level(tray, static_cast<std::uint32_t>(std::stoul(action))));
}

json ControlCommands::engine_jam(const json&) {
  simulator_.inject_jam(0);
  return ok();
}

json ControlCommands::engine_clear_jam(const json&) {
  simulator_.clear_jam();
  return ok();
}

json ControlCommands::engine_door(const json& r) {
  simulator_.set_door_open(r.at("open").get<bool>());
  return ok();
}

json ControlCommands::engine_toner(const json& r) {
  const std::string name = r.at("colorant").get<std::string>();
  for (unsigned c = 0; c < engine_hw::kColorantCount; ++c) {
    const auto colorant = static_cast<engine_hw::Colorant>(c);
    if (engine_hw::to_string(colorant) == name) {
      return done(simulator_.set_toner(colorant, r.at("percent").get<double>()));
    }
  }
  return failure("colorant is cyan, magenta, yellow or black");
}

}  // namespace mfp::frontends::mfpd
