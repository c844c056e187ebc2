// mfpctl: the local maintenance tool. Talks to a running mfpd over its root-only socket in the
// daemon's data directory.
//
//   mfpctl --data-dir DIR [--json] COMMAND ...
//     status
//     settings list | get KEY | set KEY VALUE | check | secure
//     time show | set YYYY-MM-DDTHH:MM:SSZ
//     users list | add LOGIN NAME user|admin (password on stdin) | delete ID | unlock ID
//     jobs list [--active] | release ID [--user LOGIN] | cancel ID
//     certs show | create [--key K] [--digest D] [--issuer CN] [--days N] | import FILE.p12
//           | csr --cn NAME [--key K] [--org O] ... | accept FILE [--pkcs7]
//           | trusted | trust FILE [--format x509|pkcs7|pkcs12] | untrust SHA256
//     print FILE [--name NAME] [--copies N]
//     folders list | create NUMBER NAME | delete NUMBER
//     engine tray TRAY fill|empty|SHEETS | output [--job ID] [--last N] | jam | clear-jam
//            | door open|close
//            | toner COLORANT PERCENT
//     audit [--last N]
//     restart
//     first-start-password
//     factory-reset --yes
//
// Exit status: 0 done; 1 the device refused (the reason on stderr); 2 bad arguments; 3 no
// daemon answers at DIR.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <openssl/evp.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>

#include "frontends/mfpd/control_client.h"
#include "frontends/mfpd/device_layout.h"

namespace {

using nlohmann::json;

// A file's bytes as base64, to travel inside a JSON request ("" when it cannot be read: the
// daemon then refuses an empty file).
std::string file_base64(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string encoded(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  encoded.resize(static_cast<std::size_t>(n));
  return encoded;
}

// Prints a response for people; --json prints it as it came.
void print_human(const std::string& cmd, const json& r) {
  if (cmd == "settings-check") {
    if (r["deviations"].empty()) {
      std::cout << "secure configuration: no deviation\n";
      return;
    }
    for (const auto& d : r["deviations"]) {
      std::cout << d["key"].get<std::string>() << " = " << d["value"].get<std::string>()
                << " (secure: " << d["required"].get<std::string>() << ")  "
                << d["name"].get<std::string>() << "\n";
    }
    return;
  }
  if (cmd == "settings-get") {
    std::cout << r["value"].get<std::string>() << "\n";
    return;
  }
  if (cmd == "settings-list") {
    for (const auto& s : r["settings"]) {
      std::cout << s["key"].get<std::string>() << " = " << s["value"].get<std::string>() << "\n";
    }
    return;
  }
  if (cmd == "jobs-list") {
    for (const auto& j : r["jobs"]) {
      std::cout << j["id"] << "  " << j["state"].get<std::string>() << "  "
                << j["reason"].get<std::string>() << "  " << j["owner"].get<std::string>()
                << "  pages=" << j["pages"] << "  " << j["name"].get<std::string>() << "\n";
    }
    return;
  }
  if (cmd == "audit-list") {
    for (const auto& e : r["events"]) {
      std::cout << e["sequence"] << "  " << e["event"].get<std::string>() << " / "
                << e["description"].get<std::string>() << " / " << e["status"].get<std::string>()
                << "  user=" << e["user"].get<std::string>();
      for (const auto& [k, v] : e["items"].items())
        std::cout << "  " << k << "=" << v.get<std::string>();
      std::cout << "\n";
    }
    return;
  }
  if (cmd == "time-view") {
    std::cout << r["time"].get<std::string>() << "  time zone " << r["time_zone_minutes"]
              << " min  date format " << r["date_format"].get<std::string>() << "\n";
    return;
  }
  if (cmd == "first-start-password") {
    std::cout << r["password"].get<std::string>() << "\n";
    return;
  }
  if (cmd == "cert-csr") {
    std::cout << r["pem"].get<std::string>();
    return;
  }
  if (cmd == "cert-show") {
    json rest = r;
    rest.erase("ok");
    rest.erase("pem");
    std::cout << rest.dump(2) << "\n" << r["pem"].get<std::string>();
    return;
  }
  json rest = r;
  rest.erase("ok");
  if (!rest.empty()) std::cout << rest.dump(2) << "\n";
}

// A UTC time "YYYY-MM-DDTHH:MM:SSZ" as Unix seconds (libc's strptime and timegm), or nullopt.
std::optional<std::int64_t> utc_seconds(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm));
}

// A line of stdin (a password), for a request field; the local copy is zeroed.
void read_secret(json& request, const char* field) {
  std::string password;
  std::getline(std::cin, password);
  request[field] = password;
  std::fill(password.begin(), password.end(), '\0');
}

// The command line: the parser, the values its options fill, and the request a subcommand's
// callback makes from them. One add_*() per command group.
struct Cli {
  CLI::App app{"mfpctl: local maintenance of an OpenMFP device (mfpd)"};
  json request;
  std::string data_dir;
  bool raw_json = false;
  std::string key, value, login, name, role, id, path, tray, action, colorant, as_user, time;
  unsigned copies = 1;
  double percent = 0;
  std::uint32_t number = 0;
  bool active_only = false;
  std::string cert_key = "ecdsa-p256", cert_digest = "sha256", cert_issuer = "OpenMFP";
  int cert_days = 825;
  std::string csr_cn, csr_o, csr_ou, csr_l, csr_st, csr_c, csr_email;
  bool accept_pkcs7 = false;
  std::string trust_format = "x509";
  std::string untrust;
  std::uint64_t output_job = 0;
  std::size_t output_last = 100;
  std::size_t last = 50;
  bool yes = false;
};

// A subcommand whose request is just its command name.
void plain(CLI::App* parent, const char* sub, const char* help, Cli& c, const char* cmd) {
  parent->add_subcommand(sub, help)->callback([&c, cmd] { c.request = {{"cmd", cmd}}; });
}

void add_settings(Cli& c) {
  auto* settings = c.app.add_subcommand("settings", "device settings")->require_subcommand(1);
  plain(settings, "list", "every setting and its value", c, "settings-list");
  auto* get = settings->add_subcommand("get", "one setting's value");
  get->add_option("KEY", c.key)->required();
  get->callback([&c] { c.request = {{"cmd", "settings-get"}, {"key", c.key}}; });
  auto* set = settings->add_subcommand("set", "change a setting (audited)");
  set->add_option("KEY", c.key)->required();
  set->add_option("VALUE", c.value)->required();
  set->callback([&c] {
    c.request = {{"cmd", "settings-set"}, {"key", c.key}, {"value", c.value}};
  });
  plain(settings, "check", "settings that deviate from the secure configuration", c,
        "settings-check");
  plain(settings, "secure", "set every deviating setting to its secure value (audited)", c,
        "settings-secure");
}

void add_time(Cli& c) {
  auto* time = c.app.add_subcommand("time", "the system clock")->require_subcommand(1);
  plain(time, "show", "the system clock, time zone and date format", c, "time-view");
  auto* set = time->add_subcommand("set", "set the system clock's date and time (audited)");
  set->add_option("TIME", c.time, "UTC, YYYY-MM-DDTHH:MM:SSZ")->required();
  set->callback([&c] {
    const auto seconds = utc_seconds(c.time);
    if (!seconds) throw CLI::ValidationError("TIME", "expected YYYY-MM-DDTHH:MM:SSZ (UTC)");
    c.request = {{"cmd", "time-adjust"}, {"unix", *seconds}};
  });
}

void add_users(Cli& c) {
  auto* users = c.app.add_subcommand("users", "local accounts")->require_subcommand(1);
  users->add_subcommand("list")->callback([&c] { c.request = {{"cmd", "users-list"}}; });
  auto* add = users->add_subcommand("add", "add an account; the password is read from stdin");
  add->add_option("LOGIN", c.login)->required();
  add->add_option("NAME", c.name)->required();
  add->add_option("ROLE", c.role, "user or admin")->required();
  add->callback([&c] {
    c.request = {{"cmd", "user-add"}, {"login", c.login}, {"name", c.name}, {"role", c.role}};
    read_secret(c.request, "password");
  });
  auto* del = users->add_subcommand("delete", "delete an account with its folders and jobs");
  del->add_option("ID", c.id)->required();
  del->callback([&c] { c.request = {{"cmd", "user-delete"}, {"id", c.id}}; });
  auto* unlock = users->add_subcommand("unlock", "unlock a locked-out account");
  unlock->add_option("ID", c.id)->required();
  unlock->callback([&c] { c.request = {{"cmd", "user-unlock"}, {"id", c.id}}; });
}

void add_jobs(Cli& c) {
  auto* jobs = c.app.add_subcommand("jobs", "jobs")->require_subcommand(1);
  auto* jlist = jobs->add_subcommand("list");
  jlist->add_flag("--active", c.active_only, "unfinished jobs only");
  jlist->callback([&c] {
    c.request = {{"cmd", "jobs-list"}};
    if (c.active_only) c.request["active_only"] = true;
  });
  auto* release = jobs->add_subcommand("release", "release a held job");
  release->add_option("ID", c.id)->required();
  release->add_option("--user", c.as_user,
                      "release as this user (their password on stdin), as at the panel");
  release->callback([&c] {
    c.request = {{"cmd", "job-release"}, {"id", c.id}};
    if (!c.as_user.empty()) {
      c.request["user"] = c.as_user;
      read_secret(c.request, "password");
    }
  });
  auto* cancel = jobs->add_subcommand("cancel", "cancel a job");
  cancel->add_option("ID", c.id)->required();
  cancel->callback([&c] { c.request = {{"cmd", "job-cancel"}, {"id", c.id}}; });

  auto* print = c.app.add_subcommand("print", "submit a local job as the Key Operator");
  print->add_option("FILE", c.path)->required();
  print->add_option("--name", c.name);
  print->add_option("--copies", c.copies);
  print->callback([&c] {
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(c.path, ec);
    c.request = {{"cmd", "print"}, {"path", absolute.string()}, {"copies", c.copies}};
    if (!c.name.empty()) c.request["name"] = c.name;
  });
}

void add_certificate_making(Cli& c, CLI::App* certs) {
  auto* ccreate = certs->add_subcommand("create", "make a new self-signed certificate");
  ccreate->add_option("--key", c.cert_key,
                      "rsa-2048, rsa-3072, ecdsa-p256, ecdsa-p384, ecdsa-p521");
  ccreate->add_option("--digest", c.cert_digest, "sha256, sha384, sha512");
  ccreate->add_option("--issuer", c.cert_issuer, "issuer and subject common name, 1..64");
  ccreate->add_option("--days", c.cert_days, "validity, 1..9999 days");
  ccreate->callback([&c] {
    c.request = {{"cmd", "cert-create"},
                 {"key", c.cert_key},
                 {"digest", c.cert_digest},
                 {"issuer", c.cert_issuer},
                 {"days", c.cert_days}};
  });
  auto* ccsr = certs->add_subcommand(
      "csr", "make a new key and print its certificate signing request (PEM)");
  ccsr->add_option("--key", c.cert_key, "rsa-2048, rsa-3072, ecdsa-p256, ecdsa-p384, ecdsa-p521");
  ccsr->add_option("--digest", c.cert_digest, "sha256, sha384, sha512");
  ccsr->add_option("--cn", c.csr_cn, "common name (the device's host name)")->required();
  ccsr->add_option("--org", c.csr_o, "organization (required)");
  ccsr->add_option("--unit", c.csr_ou, "organizational unit (required)");
  ccsr->add_option("--locality", c.csr_l);
  ccsr->add_option("--state", c.csr_st);
  ccsr->add_option("--country", c.csr_c, "two capital letters (required)");
  ccsr->add_option("--email", c.csr_email);
  ccsr->callback([&c] {
    c.request = {{"cmd", "cert-csr"},   {"key", c.cert_key}, {"digest", c.cert_digest},
                 {"cn", c.csr_cn},      {"o", c.csr_o},      {"ou", c.csr_ou},
                 {"l", c.csr_l},        {"st", c.csr_st},    {"c", c.csr_c},
                 {"email", c.csr_email}};
  });
  auto* caccept = certs->add_subcommand(
      "accept", "install the CA's certificate (X.509 DER/PEM, or --pkcs7) for the pending CSR");
  caccept->add_option("FILE", c.path)->required();
  caccept->add_flag("--pkcs7", c.accept_pkcs7, "the file is PKCS#7 (DER)");
  caccept->callback([&c] {
    c.request = {{"cmd", "cert-accept"},
                 {"data", file_base64(c.path)},
                 {"format", c.accept_pkcs7 ? "pkcs7" : "x509"}};
  });
  auto* cimport = certs->add_subcommand(
      "import", "install a PKCS#12 file as the device certificate (its password on stdin)");
  cimport->add_option("FILE", c.path)->required();
  cimport->callback([&c] {
    c.request = {{"cmd", "cert-import"}, {"data", file_base64(c.path)}};
    read_secret(c.request, "password");
  });
}

void add_certificates(Cli& c) {
  auto* certs = c.app.add_subcommand("certs", "the device certificate")->require_subcommand(1);
  plain(certs, "show", "the device certificate (PEM and details)", c, "cert-show");
  add_certificate_making(c, certs);
  plain(certs, "trusted", "the trusted CA certificates", c, "trust-list");
  auto* ctrust = certs->add_subcommand(
      "trust", "add the CA certificates of a file (PKCS#12: its password on stdin)");
  ctrust->add_option("FILE", c.path)->required();
  ctrust->add_option("--format", c.trust_format, "x509 (DER or PEM), pkcs7 or pkcs12")
      ->check(CLI::IsMember({"x509", "pkcs7", "pkcs12"}));
  ctrust->callback([&c] {
    c.request = {{"cmd", "trust-add"}, {"data", file_base64(c.path)}, {"format", c.trust_format}};
    if (c.trust_format == "pkcs12") read_secret(c.request, "password");
  });
  auto* cuntrust = certs->add_subcommand("untrust", "remove a trusted CA certificate");
  cuntrust->add_option("SHA256", c.untrust, "its SHA-256 fingerprint")->required();
  cuntrust->callback([&c] { c.request = {{"cmd", "trust-remove"}, {"sha256", c.untrust}}; });
}

void add_folders(Cli& c) {
  auto* folders =
      c.app.add_subcommand("folders", "Send from Folder folders")->require_subcommand(1);
  folders->add_subcommand("list")->callback([&c] { c.request = {{"cmd", "folders-list"}}; });
  auto* fcreate = folders->add_subcommand("create");
  fcreate->add_option("NUMBER", c.number)->required();
  fcreate->add_option("NAME", c.name)->required();
  fcreate->callback([&c] {
    c.request = {{"cmd", "folder-create"}, {"number", c.number}, {"name", c.name}};
  });
  auto* fdelete = folders->add_subcommand("delete");
  fdelete->add_option("NUMBER", c.number)->required();
  fdelete->callback([&c] { c.request = {{"cmd", "folder-delete"}, {"number", c.number}}; });
}

void add_engine(Cli& c) {
  auto* engine = c.app.add_subcommand("engine", "simulated engine controls")->require_subcommand(1);
  auto* etray = engine->add_subcommand("tray", "fill or empty a tray, or set its sheets");
  etray->add_option("TRAY", c.tray)->required();
  etray->add_option("ACTION", c.action, "fill, empty or a sheet count")->required();
  etray->callback([&c] {
    c.request = {{"cmd", "engine-tray"}, {"tray", c.tray}, {"action", c.action}};
  });
  auto* eoutput = engine->add_subcommand("output", "sheets delivered: checksums per page");
  eoutput->add_option("--job", c.output_job, "only this job's pages");
  eoutput->add_option("--last", c.output_last, "the newest N pages");
  eoutput->callback([&c] {
    c.request = {{"cmd", "engine-output"}, {"last", c.output_last}};
    if (c.output_job != 0) c.request["job"] = c.output_job;
  });
  plain(engine, "jam", "jam the paper path", c, "engine-jam");
  plain(engine, "clear-jam", "", c, "engine-clear-jam");
  auto* door = engine->add_subcommand("door", "open or close the front door");
  door->add_option("STATE", c.action, "open or close")
      ->required()
      ->check(CLI::IsMember({"open", "close"}));
  door->callback([&c] { c.request = {{"cmd", "engine-door"}, {"open", c.action == "open"}}; });
  auto* toner = engine->add_subcommand("toner", "set a cartridge's level");
  toner->add_option("COLORANT", c.colorant)->required();
  toner->add_option("PERCENT", c.percent)->required();
  toner->callback([&c] {
    c.request = {{"cmd", "engine-toner"}, {"colorant", c.colorant}, {"percent", c.percent}};
  });
}

void add_device(Cli& c) {
  plain(&c.app, "status", "device, engine and job status", c, "status");
  auto* audit = c.app.add_subcommand("audit", "the newest audit log records");
  audit->add_option("--last", c.last, "how many (default 50)");
  audit->callback([&c] { c.request = {{"cmd", "audit-list"}, {"last", c.last}}; });
  plain(&c.app, "restart", "shut the device down in order and start it again (warm boot)", c,
        "restart");
  plain(&c.app, "first-start-password", "the Key Operator's one-time password", c,
        "first-start-password");
  auto* reset = c.app.add_subcommand("factory-reset",
                                     "regenerate the keys and overwrite every store (no undo)");
  reset->add_flag("--yes", c.yes, "confirm")->required();
  reset->callback([&c] { c.request = {{"cmd", "factory-reset"}, {"confirm", c.yes}}; });
}

}  // namespace

int main(int argc, char** argv) {
  Cli c;
  c.app.require_subcommand(1);
  c.app.add_option("--data-dir", c.data_dir, "the daemon's data directory")->required();
  c.app.add_flag("--json", c.raw_json, "print the daemon's JSON response");
  add_device(c);
  add_settings(c);
  add_time(c);
  add_users(c);
  add_jobs(c);
  add_certificates(c);
  add_folders(c);
  add_engine(c);
  try {
    c.app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help is a "parse error" of exit code 0; every real one is a usage error (2).
    return c.app.exit(e) == 0 ? 0 : 2;
  }

  const mfp::frontends::mfpd::DeviceLayout layout{c.data_dir};
  auto response = mfp::frontends::mfpd::ControlClient::call(layout.socket(), c.request,
                                                            std::chrono::seconds(120));
  if (!response) {
    std::cerr << "mfpctl: no answer from mfpd at " << layout.socket().string() << ": "
              << response.status().message() << "\n";
    return 3;
  }
  const json& r = response.value();
  if (c.raw_json) std::cout << r.dump() << "\n";
  if (!r.value("ok", false)) {
    std::cerr << "mfpctl: " << r.value("error", std::string("failed")) << "\n";
    return 1;
  }
  if (!c.raw_json) print_human(c.request["cmd"].get<std::string>(), r);
  return 0;
}
