#include "stages/rip/pjl_parser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <new>

#include "pipeline/ascii_iequals.h"

namespace mfp::stages::rip {
namespace {

using pipeline::ascii_iequals;
using pipeline::make_error;
using pipeline::Result;
using pipeline::Status;
using pipeline::StatusCode;

constexpr std::array<std::string_view, 8> kFileSystem = {
    "FSAPPEND", "FSDELETE", "FSDIRLIST", "FSDOWNLOAD", "FSINIT", "FSMKDIR", "FSQUERY", "FSUPLOAD"};
// DEFAULT is handled apart: its PASSWORD variable is audited by name.
constexpr std::array<std::string_view, 4> kDevice = {"INITIALIZE", "RESET", "DMCMD", "DMINFO"};
// Read-back and panel messages: answering them would leak device state to the sender.
constexpr std::array<std::string_view, 9> kReadback = {
    "INFO", "INQUIRE", "DINQUIRE", "ECHO", "USTATUS", "USTATUSOFF", "RDYMSG", "OPMSG", "STMSG"};
// SET variables that outlive the job: passwords, panel and disk locks, service (NVRAM) mode.
constexpr std::array<std::string_view, 4> kDangerousSet = {"PASSWORD", "CPLOCK", "DISKLOCK",
                                                           "SERVICEMODE"};
constexpr std::array<std::string_view, 10> kLanguages = {
    "PDF", "PWG", "PWGRASTER", "URF", "JPEG", "TIFF", "POSTSCRIPT", "PCL", "PCLXL", "XPS"};
constexpr std::array<std::string_view, 9> kHttpMethods = {
    "GET ", "POST ", "PUT ", "HEAD ", "OPTIONS ", "DELETE ", "PATCH ", "CONNECT ", "TRACE "};
constexpr std::size_t kMaxKeyword = 32;

bool contains(const auto& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// The upper-case word when it is a plain token, else "?": a keyword must never carry argument
// text (paths, passwords) into the audit log.
std::string keyword(std::string_view word) {
  if (word.empty() || word.size() > kMaxKeyword) return "?";
  std::string k = upper(word);
  const bool plain = std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  return plain ? k : "?";
}

// Keeps printable bytes (bytes >= 0x80 stay: they may be UTF-8) and cuts at `max` bytes, before a
// UTF-8 sequence that would be split.
std::string printable(std::string_view s, std::size_t max) {
  std::string out;
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b != 0x7f) out += c;
  }
  if (out.size() > max) {
    std::size_t n = max;
    for (int i = 0; i < 3 && n > 0 && (static_cast<unsigned char>(out[n]) & 0xC0) == 0x80; ++i) --n;
    out.resize(n);
  }
  return out;
}

struct Token {
  std::string_view text;
  bool quoted = false;
};

bool is_sep(const Token& t) {
  return !t.quoted && (t.text == "=" || t.text == ":");
}

// Splits a command into words, quoted strings (no escapes in PJL) and the separators '=' and ':'.
Result<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_space(s[i])) {
      ++i;
    } else if (s[i] == '=' || s[i] == ':') {
      out.push_back({s.substr(i, 1)});
      ++i;
    } else if (s[i] == '"') {
      const std::size_t close = s.find('"', i + 1);
      if (close == std::string_view::npos) {
        return make_error(StatusCode::malformed_data, "PJL: quote not closed on its line");
      }
      out.push_back({s.substr(i + 1, close - i - 1), true});
      i = close + 1;
    } else {
      std::size_t j = i;
      while (j < s.size() && !is_space(s[j]) && s[j] != '=' && s[j] != ':' && s[j] != '"') ++j;
      out.push_back({s.substr(i, j - i)});
      i = j;
    }
  }
  return out;
}

struct Option {
  std::string_view name;
  std::string_view value;
};

// NAME=value pairs after the command word (a missing value is empty); modifiers ("LPARM:PCL")
// and stray words are skipped.
std::vector<Option> options(const std::vector<Token>& t) {
  std::vector<Option> out;
  for (std::size_t i = 2; i < t.size(); ++i) {
    if (t[i].quoted || t[i].text != "=" || t[i - 1].quoted || is_sep(t[i - 1])) continue;
    const bool has_value = i + 1 < t.size() && !is_sep(t[i + 1]);
    out.push_back({t[i - 1].text, has_value ? t[i + 1].text : std::string_view()});
  }
  return out;
}

class HeaderParser {
 public:
  explicit HeaderParser(const PjlLimits& limits) : limits_(limits) {}

  Result<PjlJob> run(std::string_view in) {
    if (!in.starts_with(kPjlUel)) {
      if (!in.empty() && kPjlUel.starts_with(in)) return truncated();
      return make_error(StatusCode::not_found, "no PJL header");
    }
    std::size_t pos = kPjlUel.size();
    std::size_t commands = 0;
    while (true) {
      const std::string_view rest = in.substr(pos);
      const bool pjl = rest.size() >= 4 && ascii_iequals(rest.substr(0, 4), "@PJL") &&
                       (rest.size() == 4 || is_space(rest[4]) || rest[4] == '\n');
      if (!pjl) {
        // Too short to tell a PDL from the start of "@PJL" or of another UEL.
        const bool undecided =
            (rest.size() < 4 &&
             ascii_iequals(rest, std::string_view("@PJL").substr(0, rest.size()))) ||
            (rest.size() < kPjlUel.size() && kPjlUel.starts_with(rest));
        if (undecided) return truncated();
        job_.payload_offset = pos;  // another UEL or PDL data (implied language)
        return std::move(job_);
      }
      // Looks for the LF no further than the longest line with its CRLF (no overflow on a huge
      // limit), so every line costs at most its own length.
      const std::size_t window = rest.size() <= limits_.max_line_bytes
                                     ? rest.size()
                                     : std::min(rest.size(), limits_.max_line_bytes + 2);
      const std::size_t lf = rest.substr(0, window).find('\n');
      std::string_view line = lf == std::string_view::npos ? rest : rest.substr(0, lf);
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (line.size() > limits_.max_line_bytes) {
        return limit("PJL line longer than " + std::to_string(limits_.max_line_bytes) + " bytes");
      }
      const std::size_t end = pos + (lf == std::string_view::npos ? rest.size() : lf + 1);
      if (end > limits_.max_header_bytes) {
        return limit("PJL header longer than " + std::to_string(limits_.max_header_bytes) +
                     " bytes");
      }
      if (lf == std::string_view::npos) return truncated();
      if (++commands > limits_.max_commands) {
        return limit("PJL header has more than " + std::to_string(limits_.max_commands) +
                     " commands");
      }
      MFP_ASSIGN_OR_RETURN(const bool entered, command(line.substr(4)));
      pos = end;
      if (entered) {
        job_.payload_offset = pos;
        return std::move(job_);
      }
    }
  }

 private:
  static Status truncated() {
    return make_error(StatusCode::truncated, "PJL header ends before the document data");
  }
  static Status limit(std::string message) {
    return make_error(StatusCode::limit_exceeded, std::move(message));
  }
  void drop(std::string keyword, PjlDisposition d) {
    job_.dropped.push_back({std::move(keyword), d});
  }

  // Applies one command (the line after "@PJL"); true when it was ENTER LANGUAGE.
  Result<bool> command(std::string_view body) {
    const std::size_t start = std::min(body.find_first_not_of(" \t\r"), body.size());
    const std::string_view rest = body.substr(start);
    if (rest.empty()) return false;  // a bare "@PJL" line
    const std::string cmd = keyword(rest.substr(0, rest.find_first_of(" \t\r")));
    // Commands decided by their word alone: their arguments are never read (free text, paths).
    if (cmd == "EOJ" || cmd == "COMMENT") return false;
    if (contains(kFileSystem, cmd) || contains(kDevice, cmd)) {
      drop(cmd, PjlDisposition::dangerous);
      return false;
    }
    if (contains(kReadback, cmd)) {
      drop(cmd, PjlDisposition::ignored);  // never answered: nothing is written back
      return false;
    }
    if (cmd != "JOB" && cmd != "SET" && cmd != "DEFAULT" && cmd != "ENTER") {
      drop(cmd, PjlDisposition::ignored);  // unknown
      return false;
    }
    MFP_ASSIGN_OR_RETURN(const std::vector<Token> tokens, tokenize(rest));
    const std::vector<Option> opts = options(tokens);
    auto find = [&](std::string_view name) {
      return std::find_if(opts.begin(), opts.end(),
                          [&](const Option& o) { return ascii_iequals(o.name, name); });
    };
    if (cmd == "ENTER") {
      const auto lang = find("LANGUAGE");
      std::string value = lang == opts.end() ? "" : printable(lang->value, limits_.max_name_bytes);
      if (value.empty())
        return make_error(StatusCode::malformed_data, "PJL: ENTER without LANGUAGE");
      if (contains(kLanguages, upper(value))) value = upper(value);
      job_.language = std::move(value);
      return true;
    }
    if (cmd == "DEFAULT") {  // every DEFAULT changes the device's persistent settings
      drop(find("PASSWORD") != opts.end() ? "DEFAULT PASSWORD" : "DEFAULT",
           PjlDisposition::dangerous);
      return false;
    }
    if (cmd == "JOB") {  // other options (START, END, DISPLAY, USER) do not concern the device
      if (const auto name = find("NAME"); name != opts.end()) set_name(job_.job_name, name->value);
      if (find("PASSWORD") != opts.end()) drop("JOB PASSWORD", PjlDisposition::dangerous);
      return false;
    }
    if (opts.empty()) {  // SET without a variable and value
      drop("SET", PjlDisposition::ignored);
      return false;
    }
    const std::string var = keyword(opts.front().name);
    if (contains(kDangerousSet, var)) {
      drop("SET " + var, PjlDisposition::dangerous);
    } else if (!set(var, opts.front().value)) {
      drop("SET " + var, PjlDisposition::ignored);
    }
    return false;
  }

  bool set_name(std::optional<std::string>& field, std::string_view value) {
    std::string name = printable(value, limits_.max_name_bytes);
    if (name.empty()) return false;
    field = std::move(name);
    return true;
  }

  // Applies a job-scoped SET; false for an unknown variable or an invalid value.
  bool set(const std::string& var, std::string_view value) {
    const std::string v = upper(value);
    if (var == "JOBNAME") return set_name(job_.job_name, value);
    if (var == "USERNAME") return set_name(job_.user_name, value);
    if (var == "COPIES" || var == "QTY") {
      int n = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || end != v.data() + v.size() || n < 1 || n > 999) return false;
      job_.copies = n;
    } else if (var == "DUPLEX" && (v == "ON" || v == "OFF")) {
      job_.duplex = v == "ON";
    } else if (var == "BINDING" && (v == "LONGEDGE" || v == "SHORTEDGE")) {
      job_.binding = v == "LONGEDGE" ? PjlBinding::long_edge : PjlBinding::short_edge;
    } else if (var == "RESOLUTION" && (v == "300" || v == "600")) {
      job_.resolution_dpi = v == "300" ? 300 : 600;
    } else if (var == "RENDERMODE" && (v == "COLOR" || v == "GRAYSCALE")) {
      job_.render_mode = v == "COLOR" ? PjlRenderMode::color : PjlRenderMode::grayscale;
    } else if (var == "PAPER" && keyword(v) != "?") {
      job_.paper = v;
    } else {
      return false;
    }
    return true;
  }

  const PjlLimits& limits_;
  PjlJob job_;
};

}  // namespace

Result<PjlJob> parse_pjl_header(std::span<const std::uint8_t> data,
                                const PjlLimits& limits) noexcept {
  try {
    const std::string_view in(reinterpret_cast<const char*>(data.data()), data.size());
    return HeaderParser(limits).run(in);
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::resource_exhausted, "out of memory");  // fits the small string
  }
}

bool looks_like_http(std::span<const std::uint8_t> head) noexcept {
  const std::string_view s(reinterpret_cast<const char*>(head.data()), head.size());
  return std::any_of(kHttpMethods.begin(), kHttpMethods.end(),
                     [&](std::string_view m) { return s.starts_with(m); });
}

}  // namespace mfp::stages::rip
