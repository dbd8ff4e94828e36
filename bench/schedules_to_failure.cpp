// Schedules to failure: how many schedules each scheduler runs, on average,
// before one hits the race (the despooler executes the site install package:
// no-config-failure) in a variant. A benchmark, not a test: it measures and
// prints, and bench/schedules-to-failure.sh writes the table to
// bench/SCHEDULES.md.
//
// One trial runs schedules with fresh seeds until one violates the property
// (or --max-schedules pass); the table gives the mean, median and largest
// number of schedules per trial, and the steps all of them took.
#include "sim/schedule.h"
#include "spec/model.h"
#include "spec/variants.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

namespace {

struct Args {
  std::string variant = "original";
  int sites = 1;
  std::vector<int> logon_servers{1, 8, 64};
  int trials = 1000;
  std::uint64_t seed = 1;
  int max_schedules = 100000;
  int change_points = 3;
  std::string property = "no-config-failure";
};

struct Row {
  std::vector<std::uint64_t> schedules;  // per trial
  std::uint64_t steps = 0;
  int misses = 0;  // trials that reached --max-schedules without the race
  double seconds = 0;
};

Row measure(const Args& args, const smsmc::spec::Config& config, smsmc::sim::SchedulerKind kind) {
  using namespace smsmc;
  const spec::ProtocolModel model(config);
  const std::size_t length = sim::estimate_run_length(model);
  sim::Runner runner(model);
  sim::UniformScheduler uniform;
  sim::PctScheduler pct(model, args.change_points, length);
  sim::Scheduler& scheduler = kind == sim::SchedulerKind::pct ? static_cast<sim::Scheduler&>(pct) : uniform;

  Row row;
  const auto start = std::chrono::steady_clock::now();
  // Seeds never repeat across trials: trial t uses seed, seed+1, ... from
  // where trial t-1 stopped.
  std::uint64_t seed = args.seed;
  for (int trial = 0; trial < args.trials; ++trial) {
    std::uint64_t count = 0;
    bool hit = false;
    while (!hit && count < static_cast<std::uint64_t>(args.max_schedules)) {
      const sim::RunResult& run = runner.run(scheduler, seed++);
      ++count;
      row.steps += run.steps.size();
      hit = run.violated && *run.violated == args.property;
    }
    if (!hit) ++row.misses;
    row.schedules.push_back(count);
  }
  row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace smsmc;
  Args args;
  CLI::App app{"Schedules to failure: how many random schedules each scheduler needs to hit the race"};
  app.add_option("--variant,-v", args.variant, "Protocol variant")->capture_default_str();
  app.add_option("--sites,-n", args.sites, "N: secondary sites")->capture_default_str();
  app.add_option("--logon-servers,-m", args.logon_servers, "M values (repeatable)")->capture_default_str();
  app.add_option("--trials", args.trials, "Trials per cell")->capture_default_str();
  app.add_option("--seed", args.seed, "First scheduler seed")->capture_default_str();
  app.add_option("--max-schedules", args.max_schedules, "Give a trial up after this many schedules")->capture_default_str();
  app.add_option("--change-points", args.change_points, "PCT priority-change points")->capture_default_str();
  app.add_option("--property", args.property, "The violation that counts as hitting the race")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const spec::Variant* variant = spec::find_variant(args.variant);
  if (variant == nullptr || args.trials < 1 || args.max_schedules < 1) {
    std::cerr << "schedules_to_failure: unknown variant, or --trials/--max-schedules below 1\n";
    return 2;
  }

  fmt::print("| scheduler | N | M | trials | mean schedules to failure | median | max | gave up | steps run | seconds |\n");
  fmt::print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const sim::SchedulerKind kind : {sim::SchedulerKind::uniform, sim::SchedulerKind::pct}) {
    for (const int m : args.logon_servers) {
      const spec::Config config{variant, args.sites, m, spec::Environment::unattended};
      try {
        spec::validate(config);
      } catch (const std::invalid_argument& e) {
        std::cerr << "schedules_to_failure: " << e.what() << "\n";
        return 2;
      }
      Row row = measure(args, config, kind);
      std::uint64_t total = 0;
      for (std::uint64_t n : row.schedules) total += n;
      std::sort(row.schedules.begin(), row.schedules.end());
      const std::string name = kind == sim::SchedulerKind::pct
                                   ? fmt::format("pct ({} change points)", args.change_points)
                                   : std::string("uniform");
      fmt::print("| {} | {} | {} | {} | {:.2f} | {} | {} | {} | {} | {:.2f} |\n", name, args.sites, m, args.trials,
                 static_cast<double>(total) / static_cast<double>(args.trials),
                 row.schedules[row.schedules.size() / 2], row.schedules.back(), row.misses, row.steps, row.seconds);
      std::fflush(stdout);
    }
  }
  return 0;
}
