#pragma once
// job_attributes: a job's IPP job-description attributes (RFC 8011 section 5.3, PWG 5100.7
// where IPP Everywhere requires it) built from what the job service shows the caller
// (JobInfo: details already blanked under "Hide Job Details"), and the requested-attributes
// selection for Get-Job-Attributes and Get-Jobs.

#include <cstdint>
#include <string>
#include <vector>

#include "frontends/ipp/ipp_value.h"
#include "pipeline/jobs/job_manager.h"

namespace mfp::frontends::ipp {

// What job URIs and times are relative to.
struct JobUriContext {
  std::string printer_uri;            // "ipps://host:port/ipp/print": job-uri is printer_uri/<id>
  std::int64_t boot_unix = 0;         // unix seconds at printer-up-time 0
  std::int64_t now_unix = 0;          // for job-printer-up-time
  std::uint64_t document_octets = 0;  // 0: from the job's stored documents
  std::string printer_uuid;           // "urn:uuid:...": job-uuid is derived from it
};

// Every job attribute of `job`.
[[nodiscard]] std::vector<IppAttribute> job_attributes(const pipeline::jobs::JobInfo& job,
                                                       const JobUriContext& context);

// The attributes of `all` that `requested` names (RFC 8011 4.3.4/4.2.6): absent -> `defaults`
// (job-id and job-uri for Get-Jobs; everything for Get-Job-Attributes, given as empty);
// "all", "job-description", "job-template" groups; unknown names are ignored.
[[nodiscard]] std::vector<IppAttribute> select_job_attributes(
    std::vector<IppAttribute> all, const IppAttribute* requested,
    const std::vector<std::string>& defaults);

// The job-state enum value of a state (IPP's values).
[[nodiscard]] std::int32_t ipp_job_state(pipeline::jobs::JobState state) noexcept;

}  // namespace mfp::frontends::ipp
