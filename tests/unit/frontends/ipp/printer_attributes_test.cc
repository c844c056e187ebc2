#include "frontends/ipp/printer_attributes.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "frontends/ipp/ipp_reader.h"
#include "frontends/ipp/ipp_writer.h"

namespace mfp::frontends::ipp {
namespace {

using engine_hw::Colorant;
using engine_hw::PrinterState;
using engine_hw::StateReason;

// The self-certification's regular expressions (ipp-tests.test, "$$" unescaped).
const std::regex kSupplyRegex(
    "^((type=[A-Za-z]+;|maxcapacity=-?[0-9]+;|level=-?[0-9]+;|index=[0-9]+;|markerindex=[0-9]+;"
    "|class=[A-Za-z]+;|unit=[A-Za-z]+;|colorantindex=[0-9]+;|colorantrole=[A-Za-z]+;"
    "|colorantname=[-_.A-Za-z0-9]+;|coloranttonality=[0-9]+;)*)$");
const std::regex kMediaRegex(
    "^((custom|na|asme|roc|oe|roll)_[a-z0-9][-.a-z0-9]*_([1-9][0-9]*(\\.[0-9]*[1-9])?|0\\.[0-9]*"
    "[1-9])x([1-9][0-9]*(\\.[0-9]*[1-9])?|0\\.[0-9]*[1-9])in|(custom|iso|jis|jpn|prc|om|roll)_"
    "[a-z0-9][-.a-z0-9]*_([1-9][0-9]*(\\.[0-9]*[1-9])?|0\\.[0-9]*[1-9])x([1-9][0-9]*(\\.[0-9]*"
    "[1-9])?|0\\.[0-9]*[1-9])mm)$");
const std::regex kUuidRegex(
    "^urn:uuid:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

PrinterDescription sample() {
  PrinterDescription d;
  d.name = "Office MFP";
  d.location = "2nd floor";
  d.uuid = "urn:uuid:4509a320-00a0-008f-00b6-002507510eca";
  d.trays = {
      {"tray-1", "iso_a4_210x297mm", "stationery", 500, 250},
      {"tray-2", "na_letter_8.5x11in", "stationery", 500, 0},
      {"bypass", "iso_a4_210x297mm", "cardstock", 100, 20},
  };
  d.toner = {{Colorant::cyan, 80.0, 10},
             {Colorant::magenta, 4.5, 10},
             {Colorant::yellow, 30.0, 10},
             {Colorant::black, 50.0, 10}};
  d.boot_unix = 1700000000;
  d.now_unix = 1700003600;
  d.config_change_unix = 1700000010;
  d.state_change_unix = 1700003000;
  d.queued_job_count = 2;
  return d;
}

const PrinterUriContext kContext{"printer.example", 8631, true};

const IppAttribute* find(const std::vector<IppAttribute>& attrs, std::string_view name) {
  for (const IppAttribute& a : attrs) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::vector<std::string> strings(const IppAttribute* a) {
  std::vector<std::string> out;
  if (a == nullptr) return out;
  for (const IppValue& v : a->values) {
    if (const std::string* s = v.as_string()) out.push_back(*s);
  }
  return out;
}

std::vector<std::int32_t> integers(const IppAttribute* a) {
  std::vector<std::int32_t> out;
  if (a == nullptr) return out;
  for (const IppValue& v : a->values) {
    if (const std::int32_t* i = v.as_integer()) out.push_back(*i);
  }
  return out;
}

std::int32_t member_int(const IppCollection& c, std::string_view name) {
  const IppAttribute* m = c.find(name);
  if (m == nullptr || m->values.empty() || m->values[0].as_integer() == nullptr) return -1;
  return *m->values[0].as_integer();
}

std::string member_string(const IppCollection& c, std::string_view name) {
  const IppAttribute* m = c.find(name);
  if (m == nullptr || m->values.empty() || m->values[0].as_string() == nullptr) return {};
  return *m->values[0].as_string();
}

const IppCollection& size_of(const IppCollection& media_col) {
  static const IppCollection kEmpty;
  const IppAttribute* s = media_col.find("media-size");
  if (s == nullptr || s->values.empty() || s->values[0].as_collection() == nullptr) return kEmpty;
  return *s->values[0].as_collection();
}

IppAttribute requested(std::vector<std::string> names) {
  IppAttribute a;
  a.name = "requested-attributes";
  for (std::string& n : names) a.values.push_back(IppValue::keyword(std::move(n)));
  return a;
}

std::set<std::string> names_of(const std::vector<IppAttribute>& attrs) {
  std::set<std::string> out;
  for (const IppAttribute& a : attrs) out.insert(a.name);
  return out;
}

TEST(PrinterAttributesTest, UrisUseTheClientsHostWithEqualCounts) {
  const auto attrs = printer_attributes(sample(), kContext);
  EXPECT_EQ(strings(find(attrs, "printer-uri-supported")),
            (std::vector<std::string>{"ipps://printer.example:8631/ipp/print",
                                      "ipps://printer.example:8631/ipp"}));
  EXPECT_EQ(strings(find(attrs, "uri-security-supported")),
            (std::vector<std::string>{"tls", "tls"}));
  EXPECT_EQ(strings(find(attrs, "uri-authentication-supported")),
            (std::vector<std::string>{"requesting-user-name", "requesting-user-name"}));
  for (const char* name : {"printer-more-info", "printer-supply-info-uri", "printer-icons"}) {
    const auto values = strings(find(attrs, name));
    ASSERT_FALSE(values.empty()) << name;
    for (const std::string& v : values) {
      EXPECT_EQ(v.rfind("https://printer.example:8631/", 0), 0u) << name << " " << v;
    }
  }
  EXPECT_EQ(find(attrs, "printer-icons")->values.size(), 3u);
  EXPECT_EQ(find(attrs, "printer-uri-supported")->values[0].tag, IppValueTag::uri);

  PrinterDescription basic = sample();
  basic.authentication = kAuthBasic;
  const auto with_login = printer_attributes(basic, {"::1", 631, true});
  EXPECT_EQ(strings(find(with_login, "uri-authentication-supported")),
            (std::vector<std::string>{"basic", "basic"}));
  EXPECT_EQ(strings(find(with_login, "printer-uri-supported"))[0], "ipps://[::1]:631/ipp/print");

  const auto plain = printer_attributes(sample(), {"10.0.0.5", 631, false});
  EXPECT_EQ(strings(find(plain, "printer-uri-supported"))[1], "ipp://10.0.0.5:631/ipp");
  EXPECT_EQ(strings(find(plain, "uri-security-supported")),
            (std::vector<std::string>{"none", "none"}));
  EXPECT_EQ(strings(find(plain, "printer-more-info"))[0], "http://10.0.0.5:631/ipp/print");
  EXPECT_EQ(printer_uri({"[fe80::1]", 443, true}, "/ipp"), "ipps://[fe80::1]:443/ipp");
}

TEST(PrinterAttributesTest, MediaColDatabaseDefaultAndReadyComeFromTheTrays) {
  const auto attrs = printer_attributes(sample(), kContext);

  const IppAttribute* database = find(attrs, "media-col-database");
  ASSERT_NE(database, nullptr);
  bool tray1 = false, bypass = false, letter = false;
  for (const IppValue& v : database->values) {
    ASSERT_NE(v.as_collection(), nullptr);
    const IppCollection& col = *v.as_collection();
    const IppCollection& size = size_of(col);
    EXPECT_GT(member_int(size, "x-dimension"), 0);
    EXPECT_GT(member_int(size, "y-dimension"), 0);
    EXPECT_EQ(member_int(col, "media-top-margin"), 423);
    const std::string source = member_string(col, "media-source");
    if (source == "tray-1") {
      tray1 = true;
      EXPECT_EQ(member_int(size, "x-dimension"), 21000);
      EXPECT_EQ(member_int(size, "y-dimension"), 29700);
      EXPECT_EQ(member_string(col, "media-type"), "stationery");
    }
    if (source == "by-pass-tray") {
      bypass = true;
      EXPECT_EQ(member_string(col, "media-type"), "cardstock");
    }
    if (member_int(size, "x-dimension") == 21590 && member_int(size, "y-dimension") == 27940) {
      letter = true;
    }
  }
  EXPECT_TRUE(tray1);
  EXPECT_TRUE(bypass);
  EXPECT_TRUE(letter);

  // tray-2 is empty: not ready.
  EXPECT_EQ(strings(find(attrs, "media-ready")), (std::vector<std::string>{"iso_a4_210x297mm"}));
  const IppAttribute* ready = find(attrs, "media-col-ready");
  ASSERT_NE(ready, nullptr);
  ASSERT_EQ(ready->values.size(), 2u);
  EXPECT_EQ(member_string(*ready->values[0].as_collection(), "media-source"), "tray-1");
  EXPECT_EQ(member_string(*ready->values[1].as_collection(), "media-source"), "by-pass-tray");

  const IppAttribute* def = find(attrs, "media-col-default");
  ASSERT_NE(def, nullptr);
  ASSERT_EQ(def->values.size(), 1u);
  const IppCollection& def_col = *def->values[0].as_collection();
  EXPECT_EQ(member_int(size_of(def_col), "x-dimension"), 21000);
  EXPECT_EQ(member_string(def_col, "media-source"), "auto");
  EXPECT_EQ(member_string(def_col, "media-type"), "stationery");
  EXPECT_EQ(strings(find(attrs, "media-default")), (std::vector<std::string>{"iso_a4_210x297mm"}));

  EXPECT_EQ(strings(find(attrs, "media-source-supported")),
            (std::vector<std::string>{"auto", "tray-1", "tray-2", "by-pass-tray"}));
  // The description's types (what the bypass tray takes), then any other a tray holds.
  EXPECT_EQ(
      strings(find(attrs, "media-type-supported")),
      (std::vector<std::string>{"stationery", "stationery-heavyweight", "cardstock", "envelope",
                                "labels", "transparency", "photographic-glossy"}));
  EXPECT_EQ(find(attrs, "printer-input-tray")->values.size(),
            find(attrs, "media-source-supported")->values.size());
  EXPECT_EQ(find(attrs, "printer-output-tray")->values.size(),
            find(attrs, "output-bin-supported")->values.size());
  const auto input_trays = strings(find(attrs, "printer-input-tray"));
  EXPECT_EQ(input_trays[1],
            "type=sheetFeedAutoRemovableTray;dimunit=micrometers;mediafeed=297000;"
            "mediaxfeed=210000;maxcapacity=500;level=250;status=0;name=tray-1;");
  EXPECT_EQ(input_trays[3].rfind("type=sheetFeedManual;", 0), 0u);

  const auto media = strings(find(attrs, "media-supported"));
  ASSERT_FALSE(media.empty());
  for (const std::string& m : media) EXPECT_TRUE(std::regex_match(m, kMediaRegex)) << m;
  EXPECT_EQ(find(attrs, "media-size-supported")->values.size(), media.size());
}

TEST(PrinterAttributesTest, NoReadyMediaIsNoValue) {
  PrinterDescription d = sample();
  for (auto& t : d.trays) t.level = 0;
  const auto attrs = printer_attributes(d, kContext);
  ASSERT_NE(find(attrs, "media-ready"), nullptr);
  EXPECT_EQ(find(attrs, "media-ready")->values[0].tag, IppValueTag::no_value);
  EXPECT_EQ(find(attrs, "media-col-ready")->values[0].tag, IppValueTag::no_value);
}

TEST(PrinterAttributesTest, BadMediaNamesAreLeftOut) {
  PrinterDescription d = sample();
  d.media_supported = {"iso_a4_210x297mm", "custom", "a4", "na_letter_8.5x11in"};
  d.media_default = "letter";
  const auto attrs = printer_attributes(d, kContext);
  EXPECT_EQ(strings(find(attrs, "media-supported")),
            (std::vector<std::string>{"iso_a4_210x297mm", "na_letter_8.5x11in"}));
  EXPECT_EQ(strings(find(attrs, "media-default")), (std::vector<std::string>{"iso_a4_210x297mm"}));
}

TEST(PrinterAttributesTest, StateReasonsComeFromEngineFaults) {
  PrinterDescription d = sample();
  d.engine.state = PrinterState::stopped;
  d.engine.reasons = {StateReason::media_empty, StateReason::media_jam, StateReason::toner_empty};
  d.engine.message = "Paper jam in tray 1";
  d.toner[2].level = 0;
  const auto attrs = printer_attributes(d, kContext);
  EXPECT_EQ(integers(find(attrs, "printer-state")), (std::vector<std::int32_t>{5}));
  EXPECT_EQ(find(attrs, "printer-state")->values[0].tag, IppValueTag::enumeration);
  // The engine's toner-empty is not repeated; toner-low is not added while one is empty.
  EXPECT_EQ(
      strings(find(attrs, "printer-state-reasons")),
      (std::vector<std::string>{"media-empty-warning", "media-jam-error", "toner-empty-error"}));
  EXPECT_EQ(strings(find(attrs, "printer-state-message")),
            (std::vector<std::string>{"Paper jam in tray 1"}));

  PrinterDescription needed = sample();
  needed.engine.state = PrinterState::processing;
  needed.engine.reasons = {StateReason::media_needed};
  const auto reasons = printer_state_reasons(needed);
  ASSERT_FALSE(reasons.empty());
  EXPECT_EQ(reasons[0].rfind("media-needed", 0), 0u);  // I-20.1: /^media-needed/

  PrinterDescription idle = sample();
  idle.toner[1].level = 60;
  EXPECT_EQ(printer_state_reasons(idle), (std::vector<std::string>{"none"}));
  const auto idle_attrs = printer_attributes(idle, kContext);
  EXPECT_EQ(integers(find(idle_attrs, "printer-state")), (std::vector<std::int32_t>{3}));
  EXPECT_EQ(strings(find(idle_attrs, "printer-state-message")),
            (std::vector<std::string>{"Ready"}));

  // Low toner the engine does not (yet) report still shows.
  EXPECT_EQ(printer_state_reasons(sample()), (std::vector<std::string>{"toner-low-report"}));
}

TEST(PrinterAttributesTest, SupplyLevelsComeFromToner) {
  const auto attrs = printer_attributes(sample(), kContext);
  EXPECT_EQ(integers(find(attrs, "marker-levels")), (std::vector<std::int32_t>{80, 5, 30, 50}));
  EXPECT_EQ(strings(find(attrs, "marker-colors")),
            (std::vector<std::string>{"#00FFFF", "#FF00FF", "#FFFF00", "#000000"}));
  EXPECT_EQ(strings(find(attrs, "marker-types")),
            (std::vector<std::string>{"toner", "toner", "toner", "toner"}));
  EXPECT_EQ(strings(find(attrs, "marker-names"))[3], "Black Toner");
  const auto supply = strings(find(attrs, "printer-supply"));
  ASSERT_EQ(supply.size(), 4u);
  EXPECT_EQ(supply[0],
            "index=1;class=supplyThatIsConsumed;type=toner;unit=percent;maxcapacity=100;"
            "level=80;colorantname=cyan;");
  for (const std::string& s : supply) EXPECT_TRUE(std::regex_match(s, kSupplyRegex)) << s;
  EXPECT_EQ(find(attrs, "printer-supply")->values[0].tag, IppValueTag::octet_string);
  EXPECT_EQ(find(attrs, "printer-supply-description")->values.size(), supply.size());

  PrinterDescription none = sample();
  none.toner.clear();
  const auto bare = printer_attributes(none, kContext);
  EXPECT_EQ(find(bare, "printer-supply"), nullptr);
  EXPECT_EQ(find(bare, "marker-levels"), nullptr);
  EXPECT_EQ(find(bare, "printer-supply-info-uri"), nullptr);
}

TEST(PrinterAttributesTest, RequestedAttributesSelection) {
  const auto all = printer_attributes(sample(), kContext);
  ASSERT_NE(find(all, "media-col-database"), nullptr);

  const auto by_default = select_printer_attributes(all, nullptr);
  EXPECT_EQ(by_default.size(), all.size() - 1);
  EXPECT_EQ(find(by_default, "media-col-database"), nullptr);

  const IppAttribute all_kw = requested({"all"});
  EXPECT_EQ(select_printer_attributes(all, &all_kw), by_default);

  const IppAttribute all_db = requested({"all", "media-col-database"});
  EXPECT_EQ(select_printer_attributes(all, &all_db), all);

  const IppAttribute db = requested({"media-col-database"});
  const auto only_db = select_printer_attributes(all, &db);
  ASSERT_EQ(only_db.size(), 1u);
  EXPECT_EQ(only_db[0].name, "media-col-database");

  const IppAttribute db_uri = requested({"media-col-database", "printer-uri-supported"});
  EXPECT_EQ(names_of(select_printer_attributes(all, &db_uri)),
            (std::set<std::string>{"media-col-database", "printer-uri-supported"}));

  const IppAttribute description = requested({"printer-description"});
  const auto pd = select_printer_attributes(all, &description);
  for (const char* n : {"operations-supported", "pages-per-minute", "pages-per-minute-color",
                        "preferred-attributes-supported", "printer-state", "printer-uuid",
                        "printer-uri-supported", "pwg-raster-document-type-supported"}) {
    EXPECT_NE(find(pd, n), nullptr) << n;
  }
  EXPECT_EQ(find(pd, "copies-default"), nullptr);
  EXPECT_EQ(find(pd, "media-col-database"), nullptr);

  const IppAttribute templ = requested({"job-template"});
  const auto jt = select_printer_attributes(all, &templ);
  for (const char* n :
       {"copies-default", "copies-supported", "media-col-default", "media-col-ready", "media-ready",
        "media-size-supported", "media-source-supported", "print-color-mode-default",
        "printer-resolution-supported", "sides-supported", "media-top-margin-supported"}) {
    EXPECT_NE(find(jt, n), nullptr) << n;
  }
  EXPECT_EQ(find(jt, "printer-name"), nullptr);
  EXPECT_EQ(find(jt, "media-col-database"), nullptr);
  // The two groups partition everything but media-col-database.
  EXPECT_EQ(pd.size() + jt.size(), all.size() - 1);

  const IppAttribute none = requested({"none"});
  EXPECT_TRUE(select_printer_attributes(all, &none).empty());

  const IppAttribute named = requested({"printer-state-reasons", "no-such-attribute"});
  const auto one = select_printer_attributes(all, &named);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].name, "printer-state-reasons");
}

TEST(PrinterAttributesTest, EveryAttributeEncodesAndParses) {
  for (const PrinterDescription& d : {sample(), PrinterDescription{}}) {
    IppMessage m;
    m.code = static_cast<std::uint16_t>(IppStatus::successful_ok);
    m.request_id = 1;
    m.add(IppGroupTag::operation,
          {"attributes-charset", IppValue::string(IppValueTag::charset, "utf-8")});
    m.add(IppGroupTag::operation,
          {"attributes-natural-language", IppValue::string(IppValueTag::natural_language, "en")});
    for (IppAttribute& a : printer_attributes(d, kContext)) {
      EXPECT_FALSE(a.values.empty()) << a.name;
      m.add(IppGroupTag::printer, std::move(a));
    }
    auto bytes = IppWriter::encode(m);
    ASSERT_TRUE(bytes.is_ok()) << bytes.status().to_string();
    auto parsed = IppReader::parse(bytes.value(), IppLimits{});
    ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
    EXPECT_EQ(parsed->message.groups, m.groups);
  }
}

TEST(PrinterAttributesTest, NoAttributeNameTwice) {
  for (const PrinterDescription& d : {sample(), PrinterDescription{}}) {
    std::set<std::string> seen;
    for (const IppAttribute& a : printer_attributes(d, kContext)) {
      EXPECT_TRUE(seen.insert(a.name).second) << a.name << " twice";
    }
  }
}

TEST(PrinterAttributesTest, HasEverythingTheSelfCertificationRequires) {
  const auto attrs = select_printer_attributes(printer_attributes(sample(), kContext), nullptr);
  for (const char* n : {"charset-configured",
                        "charset-supported",
                        "color-supported",
                        "compression-supported",
                        "document-format-default",
                        "document-format-supported",
                        "generated-natural-language-supported",
                        "identify-actions-default",
                        "identify-actions-supported",
                        "ipp-features-supported",
                        "ipp-versions-supported",
                        "job-creation-attributes-supported",
                        "job-ids-supported",
                        "multiple-document-jobs-supported",
                        "multiple-operation-time-out",
                        "multiple-operation-time-out-action",
                        "natural-language-configured",
                        "operations-supported",
                        "pages-per-minute",
                        "pages-per-minute-color",
                        "pdl-override-supported",
                        "preferred-attributes-supported",
                        "printer-config-change-date-time",
                        "printer-config-change-time",
                        "printer-current-time",
                        "printer-geo-location",
                        "printer-get-attributes-supported",
                        "printer-icons",
                        "printer-info",
                        "printer-is-accepting-jobs",
                        "printer-location",
                        "printer-make-and-model",
                        "printer-more-info",
                        "printer-name",
                        "printer-organization",
                        "printer-organizational-unit",
                        "printer-state",
                        "printer-state-change-date-time",
                        "printer-state-change-time",
                        "printer-state-message",
                        "printer-state-reasons",
                        "printer-supply",
                        "printer-supply-description",
                        "printer-supply-info-uri",
                        "printer-up-time",
                        "printer-uri-supported",
                        "printer-uuid",
                        "pwg-raster-document-resolution-supported",
                        "pwg-raster-document-sheet-back",
                        "pwg-raster-document-type-supported",
                        "queued-job-count",
                        "uri-authentication-supported",
                        "uri-security-supported",
                        "which-jobs-supported",
                        "copies-default",
                        "copies-supported",
                        "finishings-default",
                        "finishings-supported",
                        "media-bottom-margin-supported",
                        "media-col-default",
                        "media-col-ready",
                        "media-col-supported",
                        "media-default",
                        "media-left-margin-supported",
                        "media-ready",
                        "media-right-margin-supported",
                        "media-size-supported",
                        "media-source-supported",
                        "media-supported",
                        "media-top-margin-supported",
                        "media-type-supported",
                        "orientation-requested-default",
                        "orientation-requested-supported",
                        "output-bin-default",
                        "output-bin-supported",
                        "print-color-mode-default",
                        "print-color-mode-supported",
                        "print-quality-default",
                        "print-quality-supported",
                        "printer-resolution-default",
                        "printer-resolution-supported",
                        "sides-default",
                        "sides-supported",
                        "printer-input-tray",
                        "printer-output-tray",
                        "printer-device-id",
                        "urf-supported"}) {
    EXPECT_NE(find(attrs, n), nullptr) << n;
  }
  const auto ops = integers(find(attrs, "operations-supported"));
  for (std::int32_t op :
       {0x02, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x39, 0x3B, 0x3C}) {
    EXPECT_NE(std::find(ops.begin(), ops.end(), op), ops.end()) << op;
  }
  EXPECT_TRUE(std::regex_search(strings(find(attrs, "printer-uuid"))[0], kUuidRegex));
  EXPECT_EQ(integers(find(attrs, "printer-up-time")), (std::vector<std::int32_t>{3600}));
  EXPECT_EQ(integers(find(attrs, "printer-config-change-time")), (std::vector<std::int32_t>{10}));
  EXPECT_EQ(integers(find(attrs, "printer-state-change-time")), (std::vector<std::int32_t>{3000}));
  EXPECT_EQ(integers(find(attrs, "queued-job-count")), (std::vector<std::int32_t>{2}));
  EXPECT_EQ(find(attrs, "printer-geo-location")->values[0].tag, IppValueTag::unknown);
  EXPECT_EQ(strings(find(attrs, "printer-device-id")),
            (std::vector<std::string>{"MFG:FUJIFILM;MDL:ApeosPort C7070;CMD:JPEG,PWGRaster,URF;"}));
  EXPECT_EQ(strings(find(attrs, "document-format-default")),
            (std::vector<std::string>{"application/octet-stream"}));
  EXPECT_EQ(find(attrs, "document-format-supported")->values[0].tag, IppValueTag::mime_media_type);
  // WITH-VALUE-FROM: each default is one of its supported values.
  for (const char* base :
       {"print-color-mode", "sides", "output-bin", "print-scaling", "identify-actions"}) {
    const auto def = strings(find(attrs, std::string(base) + "-default"));
    const auto sup = strings(find(attrs, std::string(base) + "-supported"));
    ASSERT_EQ(def.size(), 1u) << base;
    EXPECT_NE(std::find(sup.begin(), sup.end(), def[0]), sup.end()) << base;
  }
  const auto res = find(attrs, "printer-resolution-default")->values[0];
  const auto& sup = find(attrs, "printer-resolution-supported")->values;
  EXPECT_NE(std::find(sup.begin(), sup.end(), res), sup.end());
  EXPECT_EQ(res, IppValue::resolution({600, 600, 3}));
}

TEST(PrinterAttributesTest, UpTimeIsNeverZero) {
  PrinterDescription d = sample();
  d.now_unix = d.boot_unix;
  const auto attrs = printer_attributes(d, kContext);
  EXPECT_EQ(integers(find(attrs, "printer-up-time")), (std::vector<std::int32_t>{1}));
}

TEST(PrinterAttributesTest, UrfSupportedFollowsTheCapabilities) {
  const auto attrs = printer_attributes(sample(), kContext);
  const auto urf = strings(find(attrs, "urf-supported"));
  for (const char* k : {"V1.4", "CP1", "W8", "SRGB24", "ADOBERGB24", "DEVCMYK32", "PQ3-4-5",
                        "RS300-600", "DM1", "IS0-20-21-19", "MT1-4-3-5-2-11", "OB10"}) {
    EXPECT_NE(std::find(urf.begin(), urf.end(), k), urf.end()) << k;
  }
  EXPECT_EQ(strings(find(attrs, "pwg-raster-document-sheet-back")),
            (std::vector<std::string>{"normal"}));

  PrinterDescription simplex = sample();
  simplex.sides = {"one-sided"};
  simplex.color = false;
  simplex.pwg_raster_types = {"black_1", "sgray_8"};
  simplex.color_modes = {"monochrome"};
  simplex.color_mode_default = "auto";
  const auto mono = printer_attributes(simplex, kContext);
  const auto mono_urf = strings(find(mono, "urf-supported"));
  EXPECT_EQ(std::find(mono_urf.begin(), mono_urf.end(), "DM1"), mono_urf.end());
  EXPECT_EQ(std::find(mono_urf.begin(), mono_urf.end(), "SRGB24"), mono_urf.end());
  EXPECT_EQ(find(mono, "pwg-raster-document-sheet-back"), nullptr);
  EXPECT_EQ(find(mono, "pages-per-minute-color"), nullptr);
  EXPECT_EQ(strings(find(mono, "print-color-mode-default")),
            (std::vector<std::string>{"monochrome"}));

  PrinterDescription no_urf = sample();
  no_urf.document_formats = {"image/pwg-raster", "image/jpeg"};
  EXPECT_EQ(find(printer_attributes(no_urf, kContext), "urf-supported"), nullptr);
}

TEST(PrinterAttributesTest, TrayIdsMapToMediaSources) {
  EXPECT_EQ(media_source_for_tray("tray-1"), "tray-1");
  EXPECT_EQ(media_source_for_tray("bypass"), "by-pass-tray");
  EXPECT_EQ(tray_for_media_source("by-pass-tray"), "bypass");
  EXPECT_EQ(tray_for_media_source("tray-3"), "tray-3");
  EXPECT_EQ(tray_for_media_source("auto"), "");
}

TEST(PrinterAttributesTest, DateTimeIsUtc) {
  const IppDateTime epoch = ipp_date_time_utc(0);
  EXPECT_EQ(epoch.year, 1970);
  EXPECT_EQ(epoch.month, 1);
  EXPECT_EQ(epoch.day, 1);
  const IppDateTime t = ipp_date_time_utc(1700000000);  // 2023-11-14 22:13:20 UTC
  EXPECT_EQ(t.year, 2023);
  EXPECT_EQ(t.month, 11);
  EXPECT_EQ(t.day, 14);
  EXPECT_EQ(t.hour, 22);
  EXPECT_EQ(t.minutes, 13);
  EXPECT_EQ(t.seconds, 20);
  EXPECT_EQ(t.utc_direction, '+');
  EXPECT_EQ(t.utc_hours, 0);
}

TEST(PrinterAttributesTest, JobTemplateClassification) {
  EXPECT_TRUE(is_job_template_printer_attribute("copies-default"));
  EXPECT_TRUE(is_job_template_printer_attribute("media-col-ready"));
  EXPECT_TRUE(is_job_template_printer_attribute("media-size-supported"));
  EXPECT_FALSE(is_job_template_printer_attribute("media-col-database"));
  EXPECT_FALSE(is_job_template_printer_attribute("document-format-supported"));
  EXPECT_FALSE(is_job_template_printer_attribute("printer-state"));
  EXPECT_FALSE(is_job_template_printer_attribute("-default"));
}

}  // namespace
}  // namespace mfp::frontends::ipp

namespace mfp::frontends::ipp {
namespace {

// What IPP Everywhere asks of a PDF printer: document-password-supported (only with PDF),
// page-ranges-supported true and overrides-supported naming the "pages" selector.
TEST(PrinterAttributesPdfTest, PdfPrinterAdvertisesPasswordsPageRangesAndOverrides) {
  PrinterDescription d = sample();
  d.document_formats = {"application/octet-stream", "application/pdf", "image/pwg-raster"};
  const auto attrs = printer_attributes(d, kContext);
  EXPECT_EQ(integers(find(attrs, "document-password-supported")), (std::vector<std::int32_t>{127}));
  const IppAttribute* ranges = find(attrs, "page-ranges-supported");
  ASSERT_NE(ranges, nullptr);
  ASSERT_EQ(ranges->values.size(), 1u);
  EXPECT_EQ(std::get<bool>(ranges->values.front().data), true);
  EXPECT_EQ(strings(find(attrs, "overrides-supported")),
            (std::vector<std::string>{"document-numbers", "pages"}));

  PrinterDescription raster = sample();
  raster.document_formats = {"image/pwg-raster"};
  EXPECT_EQ(find(printer_attributes(raster, kContext), "document-password-supported"), nullptr);
}

}  // namespace
}  // namespace mfp::frontends::ipp
