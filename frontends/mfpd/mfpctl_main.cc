// mfpctl: the local maintenance tool. Talks to a running mfpd over its root-only socket in the
// daemon's data directory.
//
//   mfpctl --data-dir DIR [--json] COMMAND ...
//     status
//     settings list | get KEY | set KEY VALUE | check
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
#include <fstream>
#include <iostream>
#include <iterator>
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mfpctl: local maintenance of an OpenMFP device (mfpd)"};
  app.require_subcommand(1);
  std::string data_dir;
  bool raw_json = false;
  app.add_option("--data-dir", data_dir, "the daemon's data directory")->required();
  app.add_flag("--json", raw_json, "print the daemon's JSON response");
  json request;

  app.add_subcommand("status", "device, engine and job status")->callback([&] {
    request = {{"cmd", "status"}};
  });

  auto* settings = app.add_subcommand("settings", "device settings")->require_subcommand(1);
  settings->add_subcommand("list", "every setting and its value")->callback([&] {
    request = {{"cmd", "settings-list"}};
  });
  std::string key, value;
  auto* get = settings->add_subcommand("get", "one setting's value");
  get->add_option("KEY", key)->required();
  get->callback([&] { request = {{"cmd", "settings-get"}, {"key", key}}; });
  auto* set = settings->add_subcommand("set", "change a setting (audited)");
  set->add_option("KEY", key)->required();
  set->add_option("VALUE", value)->required();
  set->callback([&] { request = {{"cmd", "settings-set"}, {"key", key}, {"value", value}}; });
  settings->add_subcommand("check", "settings that deviate from the secure configuration")
      ->callback([&] {
        request = {{"cmd", "settings-check"}};
      });

  std::string login, name, role, id, path, tray, action, colorant;
  unsigned copies = 1;
  double percent = 0;
  std::uint32_t number = 0;
  auto* users = app.add_subcommand("users", "local accounts")->require_subcommand(1);
  users->add_subcommand("list")->callback([&] { request = {{"cmd", "users-list"}}; });
  auto* add = users->add_subcommand("add", "add an account; the password is read from stdin");
  add->add_option("LOGIN", login)->required();
  add->add_option("NAME", name)->required();
  add->add_option("ROLE", role, "user or admin")->required();
  add->callback([&] {
    std::string password;
    std::getline(std::cin, password);
    request = {{"cmd", "user-add"},
               {"login", login},
               {"name", name},
               {"role", role},
               {"password", password}};
    std::fill(password.begin(), password.end(), '\0');
  });
  auto* del = users->add_subcommand("delete", "delete an account with its folders and jobs");
  del->add_option("ID", id)->required();
  del->callback([&] { request = {{"cmd", "user-delete"}, {"id", id}}; });
  auto* unlock = users->add_subcommand("unlock", "unlock a locked-out account");
  unlock->add_option("ID", id)->required();
  unlock->callback([&] { request = {{"cmd", "user-unlock"}, {"id", id}}; });

  auto* jobs = app.add_subcommand("jobs", "jobs")->require_subcommand(1);
  bool active_only = false;
  auto* jlist = jobs->add_subcommand("list");
  jlist->add_flag("--active", active_only, "unfinished jobs only");
  jlist->callback([&] {
    request = {{"cmd", "jobs-list"}};
    if (active_only) request["active_only"] = true;
  });
  auto* release = jobs->add_subcommand("release", "release a held job");
  std::string as_user;
  release->add_option("ID", id)->required();
  release->add_option("--user", as_user,
                      "release as this user (their password on stdin), as at the panel");
  release->callback([&] {
    request = {{"cmd", "job-release"}, {"id", id}};
    if (!as_user.empty()) {
      std::string password;
      std::getline(std::cin, password);
      request["user"] = as_user;
      request["password"] = password;
      std::fill(password.begin(), password.end(), '\0');
    }
  });
  auto* cancel = jobs->add_subcommand("cancel", "cancel a job");
  cancel->add_option("ID", id)->required();
  cancel->callback([&] { request = {{"cmd", "job-cancel"}, {"id", id}}; });

  auto* print = app.add_subcommand("print", "submit a local job as the Key Operator");
  print->add_option("FILE", path)->required();
  print->add_option("--name", name);
  print->add_option("--copies", copies);
  print->callback([&] {
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(path, ec);
    request = {{"cmd", "print"}, {"path", absolute.string()}, {"copies", copies}};
    if (!name.empty()) request["name"] = name;
  });

  auto* certs = app.add_subcommand("certs", "the device certificate")->require_subcommand(1);
  certs->add_subcommand("show", "the device certificate (PEM and details)")->callback([&] {
    request = {{"cmd", "cert-show"}};
  });
  std::string cert_key = "ecdsa-p256", cert_digest = "sha256", cert_issuer = "OpenMFP";
  int cert_days = 825;
  auto* ccreate = certs->add_subcommand("create", "make a new self-signed certificate");
  ccreate->add_option("--key", cert_key, "rsa-2048, rsa-3072, ecdsa-p256, ecdsa-p384, ecdsa-p521");
  ccreate->add_option("--digest", cert_digest, "sha256, sha384, sha512");
  ccreate->add_option("--issuer", cert_issuer, "issuer and subject common name, 1..64");
  ccreate->add_option("--days", cert_days, "validity, 1..9999 days");
  ccreate->callback([&] {
    request = {{"cmd", "cert-create"},
               {"key", cert_key},
               {"digest", cert_digest},
               {"issuer", cert_issuer},
               {"days", cert_days}};
  });
  std::string csr_cn, csr_o, csr_ou, csr_l, csr_st, csr_c, csr_email;
  auto* ccsr = certs->add_subcommand(
      "csr", "make a new key and print its certificate signing request (PEM)");
  ccsr->add_option("--key", cert_key, "rsa-2048, rsa-3072, ecdsa-p256, ecdsa-p384, ecdsa-p521");
  ccsr->add_option("--digest", cert_digest, "sha256, sha384, sha512");
  ccsr->add_option("--cn", csr_cn, "common name (the device's host name)")->required();
  ccsr->add_option("--org", csr_o, "organization (required)");
  ccsr->add_option("--unit", csr_ou, "organizational unit (required)");
  ccsr->add_option("--locality", csr_l);
  ccsr->add_option("--state", csr_st);
  ccsr->add_option("--country", csr_c, "two capital letters (required)");
  ccsr->add_option("--email", csr_email);
  ccsr->callback([&] {
    request = {{"cmd", "cert-csr"}, {"key", cert_key}, {"digest", cert_digest},
               {"cn", csr_cn},      {"o", csr_o},      {"ou", csr_ou},
               {"l", csr_l},        {"st", csr_st},    {"c", csr_c},
               {"email", csr_email}};
  });
  bool accept_pkcs7 = false;
  auto* caccept = certs->add_subcommand(
      "accept", "install the CA's certificate (X.509 DER/PEM, or --pkcs7) for the pending CSR");
  caccept->add_option("FILE", path)->required();
  caccept->add_flag("--pkcs7", accept_pkcs7, "the file is PKCS#7 (DER)");
  caccept->callback([&] {
    const std::string encoded = file_base64(path);
    request = {
        {"cmd", "cert-accept"}, {"data", encoded}, {"format", accept_pkcs7 ? "pkcs7" : "x509"}};
  });
  certs->add_subcommand("trusted", "the trusted CA certificates")->callback([&] {
    request = {{"cmd", "trust-list"}};
  });
  std::string trust_format = "x509";
  auto* ctrust = certs->add_subcommand(
      "trust", "add the CA certificates of a file (PKCS#12: its password on stdin)");
  ctrust->add_option("FILE", path)->required();
  ctrust->add_option("--format", trust_format, "x509 (DER or PEM), pkcs7 or pkcs12")
      ->check(CLI::IsMember({"x509", "pkcs7", "pkcs12"}));
  ctrust->callback([&] {
    const std::string encoded = file_base64(path);
    request = {{"cmd", "trust-add"}, {"data", encoded}, {"format", trust_format}};
    if (trust_format == "pkcs12") {
      std::string password;
      std::getline(std::cin, password);
      request["password"] = password;
      std::fill(password.begin(), password.end(), '\0');
    }
  });
  std::string untrust;
  auto* cuntrust = certs->add_subcommand("untrust", "remove a trusted CA certificate");
  cuntrust->add_option("SHA256", untrust, "its SHA-256 fingerprint")->required();
  cuntrust->callback([&] { request = {{"cmd", "trust-remove"}, {"sha256", untrust}}; });
  auto* cimport = certs->add_subcommand(
      "import", "install a PKCS#12 file as the device certificate (its password on stdin)");
  cimport->add_option("FILE", path)->required();
  cimport->callback([&] {
    const std::string encoded = file_base64(path);
    std::string password;
    std::getline(std::cin, password);
    request = {{"cmd", "cert-import"}, {"data", encoded}, {"password", password}};
    std::fill(password.begin(), password.end(), '\0');
  });

  auto* folders = app.add_subcommand("folders", "Send from Folder folders")->require_subcommand(1);
  folders->add_subcommand("list")->callback([&] { request = {{"cmd", "folders-list"}}; });
  auto* fcreate = folders->add_subcommand("create");
  fcreate->add_option("NUMBER", number)->required();
  fcreate->add_option("NAME", name)->required();
  fcreate->callback([&] {
    request = {{"cmd", "folder-create"}, {"number", number}, {"name", name}};
  });
  auto* fdelete = folders->add_subcommand("delete");
  fdelete->add_option("NUMBER", number)->required();
  fdelete->callback([&] { request = {{"cmd", "folder-delete"}, {"number", number}}; });

  auto* engine = app.add_subcommand("engine", "simulated engine controls")->require_subcommand(1);
  auto* etray = engine->add_subcommand("tray", "fill or empty a tray, or set its sheets");
  etray->add_option("TRAY", tray)->required();
  etray->add_option("ACTION", action, "fill, empty or a sheet count")->required();
  etray->callback([&] { request = {{"cmd", "engine-tray"}, {"tray", tray}, {"action", action}}; });
  std::uint64_t output_job = 0;
  std::size_t output_last = 100;
  auto* eoutput = engine->add_subcommand("output", "sheets delivered: checksums per page");
  eoutput->add_option("--job", output_job, "only this job's pages");
  eoutput->add_option("--last", output_last, "the newest N pages");
  eoutput->callback([&] {
    request = {{"cmd", "engine-output"}, {"last", output_last}};
    if (output_job != 0) request["job"] = output_job;
  });
  engine->add_subcommand("jam", "jam the paper path")->callback([&] {
    request = {{"cmd", "engine-jam"}};
  });
  engine->add_subcommand("clear-jam")->callback([&] { request = {{"cmd", "engine-clear-jam"}}; });
  auto* door = engine->add_subcommand("door", "open or close the front door");
  door->add_option("STATE", action, "open or close")
      ->required()
      ->check(CLI::IsMember({"open", "close"}));
  door->callback([&] { request = {{"cmd", "engine-door"}, {"open", action == "open"}}; });
  auto* toner = engine->add_subcommand("toner", "set a cartridge's level");
  toner->add_option("COLORANT", colorant)->required();
  toner->add_option("PERCENT", percent)->required();
  toner->callback([&] {
    request = {{"cmd", "engine-toner"}, {"colorant", colorant}, {"percent", percent}};
  });

  std::size_t last = 50;
  auto* audit = app.add_subcommand("audit", "the newest audit log records");
  audit->add_option("--last", last, "how many (default 50)");
  audit->callback([&] { request = {{"cmd", "audit-list"}, {"last", last}}; });

  app.add_subcommand("restart", "shut the device down in order and start it again (warm boot)")
      ->callback([&] {
        request = {{"cmd", "restart"}};
      });

  app.add_subcommand("first-start-password", "the Key Operator's one-time password")->callback([&] {
    request = {{"cmd", "first-start-password"}};
  });
  bool yes = false;
  auto* reset = app.add_subcommand("factory-reset",
                                   "regenerate the keys and overwrite every store (no undo)");
  reset->add_flag("--yes", yes, "confirm")->required();
  reset->callback([&] { request = {{"cmd", "factory-reset"}, {"confirm", yes}}; });

  CLI11_PARSE(app, argc, argv);

  const mfp::frontends::mfpd::DeviceLayout layout{data_dir};
  auto response = mfp::frontends::mfpd::ControlClient::call(layout.socket(), request,
                                                            std::chrono::seconds(120));
  if (!response) {
    std::cerr << "mfpctl: no answer from mfpd at " << layout.socket().string() << ": "
              << response.status().message() << "\n";
    return 3;
  }
  const json& r = response.value();
  if (raw_json) std::cout << r.dump() << "\n";
  if (!r.value("ok", false)) {
    std::cerr << "mfpctl: " << r.value("error", std::string("failed")) << "\n";
    return 1;
  }
  if (!raw_json) print_human(request["cmd"].get<std::string>(), r);
  return 0;
}
