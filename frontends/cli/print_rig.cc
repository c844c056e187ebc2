#include "frontends/cli/print_rig.h"

#include <stdlib.h>

#include <chrono>
#include <cstdlib>

#include "engine_hw/sim/file_nvram.h"
#include "engine_hw/system_clock.h"
#include "frontends/cli/file_document_stream.h"
#include "stages/register_stages.h"
#include "stages/rip/document_format.h"

namespace mfp::frontends::cli {

using pipeline::make_error;
using pipeline::StatusCode;

PrintRig::PrintRig(PrintRigOptions options) : options_(std::move(options)) {}

PrintRig::~PrintRig() {
  feeder_.reset();  // closes the store and joins the feeder before the engine goes
  sink_.reset();
  store_.reset();
  engine_.reset();
  security_.reset();
  if (!temp_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir_, ec);
  }
}

pipeline::Result<std::unique_ptr<PrintRig>> PrintRig::create(PrintRigOptions options) {
  std::unique_ptr<PrintRig> rig(new PrintRig(std::move(options)));  // NOLINT: private ctor
  MFP_RETURN_IF_ERROR(stages::register_stages(rig->registry_));
  if (rig->options_.data_dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/mfp-rig-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      return make_error(StatusCode::io_error, "cannot make a temporary data directory");
    }
    rig->temp_dir_ = pattern;
    rig->options_.data_dir = rig->temp_dir_ / "data";
    rig->options_.nvram_path = rig->temp_dir_ / "nvram" / "nvram.bin";
  }
  if (rig->options_.nvram_path.empty()) {
    return make_error(StatusCode::invalid_argument, "an NVRAM path is required with a data dir");
  }
  MFP_ASSIGN_OR_RETURN(std::shared_ptr<engine_hw::Nvram> nvram,
                       engine_hw::sim::FileNvram::open_in_private_dir(rig->options_.nvram_path));
  MFP_ASSIGN_OR_RETURN(rig->security_, security::DeviceSecurity::open(
                                           {rig->options_.data_dir, rig->options_.nvram_path,
                                            rig->options_.overwrite, std::move(nvram), nullptr}));
  if (rig->options_.engine_profile_path.empty()) {
    rig->options_.engine_profile_path = stages::default_engine_profile_path();
  }
  MFP_ASSIGN_OR_RETURN(rig->engine_,
                       engine_hw::sim::SimulatedEngine::create(
                           rig->options_.engine, std::make_shared<engine_hw::SystemClock>()));
  rig->store_ = std::make_unique<stages::output::PageStore>(rig->security_->envelope(), rig->pool_,
                                                            rig->options_.page_store_pages);
  rig->feeder_ = std::make_unique<stages::output::EngineFeeder>(*rig->store_, *rig->engine_);
  rig->sink_ = std::make_shared<stages::output::EngineOutputSink>(*rig->store_);
  return rig;
}

namespace {
JobReport failed(pipeline::Status status) {
  JobReport r;
  r.status = std::move(status);
  return r;
}
}  // namespace

JobReport PrintRig::print_files(const std::vector<std::filesystem::path>& files,
                                const pipeline::JobOptions& options, const std::string& job_name) {
  std::vector<stages::PrintDocument> docs;
  for (const auto& f : files) {
    auto head = read_head(f, 16);
    if (!head) return failed(head.status());
    auto format = stages::rip::sniff_document_format(head.value());
    if (!format) {
      return failed(make_error(StatusCode::unsupported,
                               f.string() + ": not a document format the printer knows"));
    }
    auto stream = FileDocumentStream::open(f);
    if (!stream) return failed(stream.status());
    docs.push_back({*format, std::move(stream).value()});
  }
  return print_documents(std::move(docs), options, job_name);
}

JobReport PrintRig::print_documents(std::vector<stages::PrintDocument> documents,
                                    const pipeline::JobOptions& options,
                                    const std::string& job_name,
                                    const std::function<void(pipeline::JobContext&)>& started) {
  JobReport report;
  report.job_id = next_job_id_++;
  const auto start = std::chrono::steady_clock::now();
  pipeline::JobContext job(pipeline::OwnerTag{0, report.job_id}, pipeline::JobType::print, job_name,
                           options);
  pipeline::StageConfig config{options, options_.engine_profile_path};
  auto graph = stages::build_print_graph(registry_, config, security_->envelope(), pool_, job,
                                         std::move(documents), sink_);
  if (!graph) {
    report.status = graph.status();
    // The job ends here: its spooled documents are released and its end audited.
    security_->envelope().job_finished(job, report.status);
    return report;
  }
  if (started) started(job);
  report.status = graph.value()->run();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.pages = job.pages();
  report.stages = graph.value()->stats();
  report.peak_bands_in_flight = graph.value()->peak_bands_in_flight();
  return report;
}

}  // namespace mfp::frontends::cli
