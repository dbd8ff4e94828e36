#include "sim/explore.h"

#include "trace/record.h"
#include "trace/trace.h"

#include <rapidcheck/detail/Configuration.h>
#include <rapidcheck/detail/TestListener.h>

#include <chrono>
#include <cstdlib>
#include <ostream>
#include <stdexcept>
#include <utility>

namespace smsmc::sim {

Setup::Setup(const spec::Config& config, std::size_t max_steps, int change_points)
    : model_(config),
      run_length_(estimate_run_length(model_)),
      runner_(model_, max_steps),
      pct_(model_, change_points, run_length_) {}

Scheduler& Setup::scheduler(SchedulerKind kind) {
  if (kind == SchedulerKind::pct) return pct_;
  return uniform_;
}

void showValue(const Schedule& schedule, std::ostream& os) {
  const RunResult& run = schedule.setup->runner().replay(schedule.choices);
  const spec::ProtocolModel& model = schedule.setup->model();
  os << run.steps.size() << " steps (scheduler seed " << schedule.seed << ")";
  for (std::size_t i = 0; i < run.steps.size(); ++i) os << "\n  " << (i + 1) << ". " << model.format_action(run.steps[i]);
  if (run.violated) os << "\n  -> violates " << *run.violated;
}

rc::Gen<Schedule> gen_schedule(std::shared_ptr<Setup> setup, SchedulerKind kind) {
  return rc::Gen<Schedule>([setup, kind](const rc::Random& random, int) {
    rc::Random own = random;
    Schedule schedule;
    schedule.setup = setup;
    schedule.seed = own.next();
    schedule.choices = setup->runner().run(setup->scheduler(kind), schedule.seed).steps;
    return rc::shrinkable::shrinkRecur(std::move(schedule), [](const Schedule& s) {
      return rc::seq::map(rc::shrink::removeChunks(s.choices), [s](std::vector<mc::Action> choices) {
        Schedule shorter{s.setup, s.seed, std::move(choices)};
        return shorter;
      });
    });
  });
}

void validate(const ExploreOptions& options) {
  if (options.variant == nullptr) throw std::invalid_argument("no protocol variant given");
  if (options.min_sites > options.max_sites) throw std::invalid_argument("the range of --sites is empty");
  if (options.min_logon_servers > options.max_logon_servers)
    throw std::invalid_argument("the range of --logon-servers is empty");
  // Both ends go through the model's own checks.
  spec::validate({options.variant, options.min_sites, options.min_logon_servers, spec::Environment::unattended});
  spec::validate({options.variant, options.max_sites, options.max_logon_servers, spec::Environment::unattended});
  if (options.runs < 1) throw std::invalid_argument("--runs must be at least 1, got " + std::to_string(options.runs));
  if (options.change_points < 0)
    throw std::invalid_argument("--change-points must be 0 or more, got " + std::to_string(options.change_points));
}

namespace {
// Counts what RapidCheck's shrinking tried, for the report.
// What the property closure shares with explore(), across RapidCheck's calls.
struct Shared {
  ExploreOptions options;
  std::map<std::pair<int, int>, std::shared_ptr<Setup>> setups;
  Exploration* report = nullptr;
  std::optional<Counterexample> last_failure;
  bool stopped = false;  // the stop flag was seen: every later case fails at once
  struct {
    std::size_t steps = 0;
    bool terminal = false;
    bool bounded = false;
    std::uint32_t witnessed = 0;
    std::shared_ptr<Setup> setup;  // whose runner names the witnesses
  } last_run;

  std::shared_ptr<Setup> setup(int sites, int logon_servers) {
    auto& slot = setups[{sites, logon_servers}];
    if (!slot) {
      // A model per (N, M) drawn; ranges up to 8 x 64 would keep a few
      // hundred, so start over now and then.
      if (setups.size() > 64) {
        setups.clear();
        return setup(sites, logon_servers);
      }
      spec::Config config{options.variant, sites, logon_servers, spec::Environment::unattended};
      config.parent = options.parent;
      slot = std::make_shared<Setup>(config, options.max_steps, options.change_points);
    }
    return slot;
  }
};

// RapidCheck's inRange grows with the test size (only `lo` at size 0). Small
// configurations are the exhaustive checker's job; here every schedule draws
// from the whole range, and shrinking still goes towards `lo`.
rc::Gen<int> in_closed_range(int lo, int hi) {
  if (lo == hi) return rc::gen::just(lo);
  return rc::gen::resize(rc::kNominalSize, rc::gen::inRange(lo, hi + 1));
}
}  // namespace

Exploration explore(const ExploreOptions& options) {
  validate(options);
  const auto start = std::chrono::steady_clock::now();
  Exploration report;
  auto shared = std::make_shared<Shared>();
  shared->options = options;
  shared->report = &report;

  // RapidCheck calls this once per generated schedule and once per shrink
  // candidate. Generation statistics come from the generator's own run; the
  // verdict from replaying the (possibly shrunk) choices.
  const auto property = [shared]() {
    const ExploreOptions& opts = shared->options;
    // Before anything is generated: a case that draws nothing has nothing
    // to shrink, so RapidCheck ends at once. (RC_FAIL, not RC_DISCARD: a
    // discarded case is replaced by a new one, up to runs times over.)
    if (shared->stopped || (opts.stop != nullptr && opts.stop->load(std::memory_order_relaxed))) {
      shared->stopped = true;
      RC_FAIL("stopped by a signal");
    }
    const int sites = *in_closed_range(opts.min_sites, opts.max_sites).as("N (secondary sites)");
    const int logon_servers = *in_closed_range(opts.min_logon_servers, opts.max_logon_servers).as("M (logon servers per site)");
    const std::shared_ptr<Setup> setup = shared->setup(sites, logon_servers);
    const Schedule schedule = *gen_schedule(setup, opts.scheduler).as("schedule");
    const RunResult& run = setup->runner().replay(schedule.choices);
    shared->last_run = {run.steps.size(), run.terminal, run.bounded, run.witnessed, setup};
    if (!run.violated) return;
    Counterexample found;
    found.config = setup->model().config();
    found.property = *run.violated;
    found.path.actions = run.steps;
    found.schedule_seed = schedule.seed;
    found.choices = schedule.choices.size();
    // RapidCheck evaluates the minimal case last, so the last failure
    // recorded is the shrunk counterexample.
    shared->last_failure = std::move(found);
    RC_FAIL(*run.violated + " violated after " + std::to_string(run.steps.size()) + " steps at N=" +
            std::to_string(sites) + ", M=" + std::to_string(logon_servers));
  };

  // RapidCheck tells its listener when a generated case (not a shrink
  // candidate) has run: the statistics of generated schedules are taken there
  // from the run the property just replayed.
  struct Listener final : rc::detail::TestListener {
    explicit Listener(Shared& s) : shared(s) {}
    void onTestCaseFinished(const rc::detail::CaseDescription&) override {
      if (shared.stopped) return;  // the case that saw the stop ran nothing
      Exploration& r = *shared.report;
      ++r.schedules;
      r.steps += shared.last_run.steps;
      r.complete_runs += shared.last_run.terminal ? 1 : 0;
      r.bounded_runs += shared.last_run.bounded ? 1 : 0;
      if (!shared.last_run.setup) return;
      const std::vector<std::string>& names = shared.last_run.setup->runner().witness_names();
      for (std::size_t i = 0; i < names.size(); ++i) {
        if ((shared.last_run.witnessed >> i) & 1U) ++r.witnessed[names[i]];
      }
    }
    void onShrinkTried(const rc::detail::CaseDescription&, bool accepted) override {
      ++shared.report->shrink_candidates;
      if (accepted) ++shared.report->shrinks_accepted;
    }
    void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
    Shared& shared;
  } listener(*shared);

  rc::detail::TestParams params;
  params.seed = options.seed;
  params.maxSuccess = options.runs;
  rc::detail::TestMetadata metadata;
  metadata.id = options.test_id;
  metadata.description = options.test_id;
  const rc::detail::TestResult result =
      rc::detail::checkProperty(rc::detail::toProperty(property), metadata, params, listener, options.reproduce);

  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rc::detail::SuccessResult success;
  rc::detail::FailureResult failure;
  rc::detail::GaveUpResult gave_up;
  rc::detail::Error error;
  report.stopped = shared->stopped;
  if (result.match(success)) {
    report.verdict = Exploration::Verdict::holds;
  } else if (result.match(failure) && shared->stopped && !shared->last_failure) {
    report.verdict = Exploration::Verdict::holds;  // what ran passed; `stopped` says it is not all
  } else if (result.match(failure)) {
    if (!shared->last_failure) {
      // The property threw something other than a violation: a bug to
      // report, not a counterexample.
      report.verdict = Exploration::Verdict::error;
      report.message = failure.description;
    } else {
      report.verdict = Exploration::Verdict::violated;
      report.message = failure.description;
      report.counterexample = std::move(shared->last_failure);
    }
    rc::detail::Configuration config;
    config.testParams.seed = options.seed;
    config.reproduce.emplace(options.test_id, failure.reproduce);
    // After a stop the last "failure" is the stopped case, not the
    // counterexample: its reproduce string would reproduce nothing.
    if (!shared->stopped) report.rc_params = rc::detail::configToMinimalString(config);
  } else if (result.match(gave_up)) {
    report.message = "RapidCheck gave up: " + gave_up.description;
  } else if (result.match(error)) {
    report.message = "RapidCheck: " + error.description;
  }
  return report;
}

std::unordered_map<std::string, rc::detail::Reproduce> reproduce_from_environment() {
  const char* text = std::getenv("RC_PARAMS");
  if (text == nullptr) return {};
  try {
    return rc::detail::configFromString(text).reproduce;
  } catch (const rc::detail::ConfigurationException& e) {
    throw std::invalid_argument(std::string("RC_PARAMS: ") + e.what());
  }
}

trace::Trace counterexample_trace(const Counterexample& counterexample, SchedulerKind kind, std::uint64_t seed) {
  const spec::ProtocolModel model(counterexample.config);
  return trace::make_trace(model, counterexample.path, counterexample.property, explorer_name(kind), seed);
}

}  // namespace smsmc::sim
