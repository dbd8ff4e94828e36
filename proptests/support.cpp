#include "proptests/support.h"

#include "spec/variants.h"

#include <rapidcheck/detail/Configuration.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

namespace smsmc::proptest {

int scaled(int runs) {
  const char* text = std::getenv("SMSMC_PROPTEST_SCALE");
  const double scale = text != nullptr ? std::strtod(text, nullptr) : 1.0;
  const double scaled_runs = static_cast<double>(runs) * (scale > 0 ? scale : 1.0);
  return scaled_runs < 1 ? 1 : static_cast<int>(scaled_runs);
}

std::string current_test_id() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "/" + info->name();
}

std::string current_gtest_name() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "." + info->name();
}

sim::ExploreOptions options_for_test(const char* variant, sim::SchedulerKind scheduler) {
  const rc::detail::Configuration& config = rc::detail::configuration();
  sim::ExploreOptions options;
  options.variant = spec::find_variant(variant);
  options.scheduler = scheduler;
  options.seed = config.testParams.seed;
  options.reproduce = config.reproduce;
  options.test_id = current_test_id();
  return options;
}

bool reproducing_another_test(const sim::ExploreOptions& options) {
  return !options.reproduce.empty() && options.reproduce.count(options.test_id) == 0;
}

std::string write_trace(const sim::Exploration& found, const sim::ExploreOptions& options,
                        const std::string& directory, const std::string& name) {
  std::filesystem::create_directories(directory);
  std::string file = directory + "/" + name + ".json";
  for (char& c : file) {
    if (c == ' ') c = '_';
  }
  trace::write_trace_file(file, sim::counterexample_trace(*found.counterexample, options.scheduler, options.seed));
  return file;
}

std::string describe_failure(const sim::Exploration& found, const sim::ExploreOptions& options,
                             const std::string& trace_file) {
  std::ostringstream out;
  if (found.counterexample) {
    const sim::Counterexample& c = *found.counterexample;
    const spec::ProtocolModel model(c.config);
    out << c.property << " violated by variant " << c.config.variant->name << " at N=" << c.config.sites
        << ", M=" << c.config.logon_servers << " (" << sim::scheduler_name(options.scheduler)
        << " scheduler), shrunk to " << c.path.actions.size() << " steps:\n";
    for (std::size_t i = 0; i < c.path.actions.size(); ++i)
      out << "  " << (i + 1) << ". " << model.format_action(c.path.actions[i]) << "\n";
  } else {
    out << found.message << "\n";
  }
  out << "seed: " << options.seed << "\n";
  if (!found.rc_params.empty())
    out << "reproduce: RC_PARAMS=\"" << found.rc_params << "\" proptests --gtest_filter='" << current_gtest_name()
        << "'\n";
  if (!trace_file.empty()) out << "trace: " << trace_file << "\n";
  return out.str();
}

}  // namespace smsmc::proptest
