#pragma once
// PrinterDescription: everything the IPP printer attributes (RFC 8011, IPP Everywhere / PWG
// 5100.14) are built from: the device's identity, its capabilities and a snapshot of its
// state. printer_attributes() turns it into attributes; nothing here is IPP-encoded yet.
//
// Plain value; never fails. The capability members default to the ApeosPort C7070 series'
// print path (what stages/rip decodes and the engine prints); identity and state have neutral
// defaults and are filled in by the printer for every request.

#include <cstdint>
#include <string>
#include <vector>

#include "engine_hw/engine_status.h"
#include "engine_hw/media_size.h"
#include "engine_hw/toner_info.h"
#include "engine_hw/tray_info.h"

namespace mfp::frontends::ipp {

// uri-authentication-supported keywords the printer uses.
inline constexpr const char* kAuthBasic = "basic";                          // credentials required
inline constexpr const char* kAuthRequestingUser = "requesting-user-name";  // no credentials

struct PrinterDescription {
  // --- Identity -------------------------------------------------------------------------------
  std::string name = "OpenMFP";            // printer-name, printer-dns-sd-name (<= 127 octets)
  std::string info;                        // printer-info; empty: make_and_model
  std::string location;                    // printer-location
  std::string organization;                // printer-organization
  std::string organizational_unit;         // printer-organizational-unit
  std::string manufacturer = "FUJIFILM";   // 1284 device id MFG
  std::string model = "ApeosPort C7070";   // 1284 device id MDL
  std::string make_and_model;              // printer-make-and-model; empty: manufacturer + model
  std::string uuid;                        // printer-uuid, "urn:uuid:xxxxxxxx-xxxx-..."
  std::string geo_location;                // "geo:lat,lon"; empty: printer-geo-location unknown
  std::string firmware_name = "OpenMFP";   // printer-firmware-name
  std::string firmware_version = "0.1.0";  // printer-firmware-string-version and -version
  // Paths (on the printer's own HTTPS host and port) of pages the web server serves.
  std::string more_info_path = "/ipp/print";    // printer-more-info
  std::string supply_info_path = "/ipp/print";  // printer-supply-info-uri
  // printer-icons; IPP Everywhere wants 48x48, 128x128 and 512x512 PNGs. Every path must be
  // served, the self-certification requires the attribute.
  std::vector<std::string> icon_paths = {"/icons/printer-48.png", "/icons/printer-128.png",
                                         "/icons/printer-512.png"};
  // identify-actions-supported (the first is the default): what Identify-Printer does.
  std::vector<std::string> identify_actions = {"display"};

  // --- Capabilities ---------------------------------------------------------------------------
  bool color = true;             // color-supported; false drops pages-per-minute-color
  std::uint32_t ppm = 70;        // pages-per-minute (A4/letter, black)
  std::uint32_t ppm_color = 70;  // pages-per-minute-color
  std::vector<std::uint32_t> resolutions_dpi = {300, 600};  // square resolutions the engine prints
  std::uint32_t default_resolution_dpi = 600;               // printer-resolution-default
  // document-format-supported (image/tiff is also RIPped but not advertised yet).
  std::vector<std::string> document_formats = {"application/octet-stream", "image/jpeg",
                                               "image/pwg-raster", "image/urf"};
  std::string default_document_format = "application/octet-stream";
  std::vector<std::string> compressions = {"none", "deflate", "gzip"};  // compression-supported
  // pwg-raster-document-type-supported: what the PWG raster reader and RIP accept (black 1-bit
  // is expanded, 16-bit RGB kept, CMYK and Adobe RGB go through the color stage).
  std::vector<std::string> pwg_raster_types = {"black_1",     "sgray_8",      "srgb_8", "srgb_16",
                                               "adobe-rgb_8", "adobe-rgb_16", "cmyk_8"};
  // media-supported: PWG self-describing names; each must parse (engine_hw parse_pwg_media),
  // others are left out of the attributes.
  std::vector<std::string> media_supported = {
      "iso_a3_297x420mm",   "iso_a4_210x297mm",         "iso_a5_148x210mm",
      "iso_b4_250x353mm",   "iso_b5_176x250mm",         "jis_b4_257x364mm",
      "jis_b5_182x257mm",   "na_ledger_11x17in",        "na_legal_8.5x14in",
      "na_letter_8.5x11in", "na_executive_7.25x10.5in", "na_invoice_5.5x8.5in"};
  std::string media_default = "iso_a4_210x297mm";
  // media-type-supported (+ the trays' types): what the bypass tray takes besides paper.
  std::vector<std::string> media_types = {
      "stationery", "stationery-heavyweight", "cardstock",          "envelope",
      "labels",     "transparency",           "photographic-glossy"};
  // Each media-*-margin, hundredths of mm: the engine's unprintable border.
  std::int32_t margin = engine_hw::kUnprintableMarginHundredthsMm;
  std::vector<std::string> sides = {"one-sided", "two-sided-long-edge", "two-sided-short-edge"};
  std::string sides_default = "one-sided";
  std::vector<std::string> color_modes = {"auto", "color", "monochrome"};  // print-color-mode-*
  std::string color_mode_default = "auto";
  std::vector<std::int32_t> print_qualities = {3, 4, 5};  // draft, normal, high
  std::int32_t print_quality_default = 4;
  std::vector<std::string> output_bins = {"face-down"};  // output-bin-supported, first default
  std::uint32_t output_bin_capacity = 500;               // sheets, printer-output-tray
  std::int32_t copies_max = 999;                         // copies-supported 1..copies_max
  std::int32_t job_k_octets_max = 2097152;               // job-k-octets-supported 0..max (2 GiB)
  std::int32_t multiple_operation_timeout_s = 60;        // multiple-operation-time-out
  std::string multiple_operation_timeout_action = "abort-job";

  // --- State (a snapshot per request) ---------------------------------------------------------
  std::vector<engine_hw::TrayInfo> trays;   // input trays in feed-preference order
  std::vector<engine_hw::TonerInfo> toner;  // cartridges; empty: no marker/supply attributes
  engine_hw::EngineStatus engine;           // printer-state, -reasons, -message
  std::string state_message;                // printer-state-message; empty: engine.message
  bool accepting_jobs = true;               // printer-is-accepting-jobs
  std::int32_t queued_job_count = 0;        // queued-job-count (pending + processing)
  std::string authentication = kAuthRequestingUser;  // uri-authentication-supported
  // Times in unix seconds. printer-up-time is now - boot (at least 1); the *-change-time
  // attributes are seconds since boot (0 when before boot); date-times are UTC.
  std::int64_t boot_unix = 0;
  std::int64_t now_unix = 0;
  std::int64_t config_change_unix = 0;  // printer-config-change-time/-date-time
  std::int64_t state_change_unix = 0;   // printer-state-change-time/-date-time
};

}  // namespace mfp::frontends::ipp
