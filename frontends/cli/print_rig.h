#pragma once
// PrintRig: a whole print path wired together for the tools and benchmarks: stage registry,
// security envelope with an audit trail, buffer pool, simulated engine, page store and engine
// feeder. Each print_*() call runs one job to its end.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine_hw/sim/simulated_engine.h"
#include "pipeline/buffer_pool.h"
#include "pipeline/graph_builder.h"
#include "pipeline/stage_registry.h"
#include "security/device_security.h"
#include "stages/output/engine_feeder.h"
#include "stages/output/engine_output_sink.h"
#include "stages/output/page_store.h"
#include "stages/print_path.h"

namespace mfp::frontends::cli {

struct PrintRigOptions {
  // The device's data directory and NVRAM file; when empty, a private temporary directory is
  // made and removed with the rig (it never holds plaintext: every page is sealed and released).
  std::filesystem::path data_dir;
  std::filesystem::path nvram_path;
  // Overrides the "Overwrite Storage" setting for this rig; unset: the setting (secure: 1 pass).
  std::optional<security::erase::OverwriteMode> overwrite;
  engine_hw::sim::SimulatedEngineOptions engine;  // model, pacing, trays, output tray
  std::size_t page_store_pages = 4;               // finished pages waiting for the engine
  std::size_t max_bands_in_flight = 0;            // 0: the graph builder's default
  std::string engine_profile_path;                // empty: stages::default_engine_profile_path()
};

// The outcome of one job.
struct JobReport {
  pipeline::Status status;
  std::uint64_t job_id = 0;
  std::uint64_t pages = 0;
  double seconds = 0;  // wall time from build to the last page leaving the engine
  std::vector<pipeline::StageStats> stages;
  std::size_t peak_bands_in_flight = 0;
};

class PrintRig {
 public:
  // Builds the rig; fails with the engine's or registry's status.
  [[nodiscard]] static pipeline::Result<std::unique_ptr<PrintRig>> create(PrintRigOptions options);
  PrintRig(const PrintRig&) = delete;
  PrintRig& operator=(const PrintRig&) = delete;
  ~PrintRig();

  // Prints files as one job (format sniffed from each file's first bytes). A build failure
  // (missing file, unsupported format) is returned as the report's status, like a job failure.
  [[nodiscard]] JobReport print_files(const std::vector<std::filesystem::path>& files,
                                      const pipeline::JobOptions& options,
                                      const std::string& job_name);
  // Prints already-opened documents as one job, RIPped straight from the streams (the tools'
  // path; the device's job queue, pipeline/jobs/JobManager, spools every submission into a
  // sealed object first and RIPs it from there).
  // `started`, when set, is called with the job's context before its graph runs (so a caller
  // can cancel it from another thread); the context lives until print_documents returns.
  [[nodiscard]] JobReport print_documents(
      std::vector<stages::PrintDocument> documents, const pipeline::JobOptions& options,
      const std::string& job_name, const std::function<void(pipeline::JobContext&)>& started = {});

  [[nodiscard]] engine_hw::sim::SimulatedEngine& engine() noexcept { return *engine_; }
  [[nodiscard]] security::audit::AuditLog& audit() noexcept { return security_->audit(); }
  [[nodiscard]] security::DeviceSecurity& security() noexcept { return *security_; }
  [[nodiscard]] pipeline::BufferPool& pool() noexcept { return pool_; }
  [[nodiscard]] const stages::output::PageStore& page_store() const noexcept { return *store_; }

 private:
  explicit PrintRig(PrintRigOptions options);

  PrintRigOptions options_;
  std::filesystem::path temp_dir_;  // removed on destruction when the rig made it
  pipeline::StageRegistry registry_;
  pipeline::BufferPool pool_;
  std::unique_ptr<security::DeviceSecurity> security_;
  std::unique_ptr<engine_hw::sim::SimulatedEngine> engine_;
  std::unique_ptr<stages::output::PageStore> store_;
  std::unique_ptr<stages::output::EngineFeeder> feeder_;
  std::shared_ptr<const stages::output::EngineOutputSink> sink_;
  std::uint64_t next_job_id_ = 1;
};

}  // namespace mfp::frontends::cli
