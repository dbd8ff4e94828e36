// The schedule runner and the schedulers themselves: a schedule's steps are a
// path the exhaustive checker's replay accepts, its verdict is the
// catalogue's verdict on the states it visits, a seed always gives the same
// schedule and trace, and RC_PARAMS reproduces a shrunk failure.
#include "mc/checker.h"
#include "proptests/support.h"
#include "sim/explore.h"
#include "spec/variants.h"
#include "trace/trace.h"

#include <rapidcheck/detail/Configuration.h>
#include <rapidcheck/gtest.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>
#include <sstream>
#include <string>
#include <vector>

namespace smsmc::proptest {
namespace {

// Every configuration the property tests draw must have a layout whose fields
// a shift can reach: a zero-width field (a one-state machine) placed at bit 64
// made Field::set shift a word by its width, undefined behaviour that UBSan
// caught in the race-free tests at N=3, M=30.
TEST(ScheduleLayout, EveryFieldOfTheDrawnConfigurationsStartsInsideItsWord) {
  for (int sites = 1; sites <= 8; ++sites) {
    for (int logon_servers = 0; logon_servers <= 64; ++logon_servers) {
      sm::Params params;
      params.sites = sites;
      params.logon_servers = logon_servers;
      const sm::Layout layout(sm::Registry::protocol(), params);
      for (const sm::Actor& actor : layout.actors()) {
        ASSERT_LT(int{actor.field.shift}, 64) << actor.name << " at N=" << sites << ", M=" << logon_servers;
        ASSERT_LE(int{actor.field.shift} + int{actor.field.bits}, 64) << actor.name;
        ASSERT_LT(actor.field.word, layout.words()) << actor.name;
      }
    }
  }
}

rc::Gen<const spec::Variant*> any_variant() {
  std::vector<const spec::Variant*> all;
  for (const spec::Variant& v : spec::variants()) all.push_back(&v);
  return rc::gen::elementOf(all);
}

rc::Gen<sim::SchedulerKind> any_scheduler() {
  return rc::gen::element(sim::SchedulerKind::uniform, sim::SchedulerKind::pct);
}

// Small enough for a hundred cases in well under a second, large enough for
// several sites to interleave.
spec::Config any_small_config() {
  const spec::Variant* variant = *any_variant();
  const int sites = *rc::gen::inRange(1, 4);
  const int logon_servers = *rc::gen::inRange(0, 9);
  return {variant, sites, logon_servers, spec::Environment::unattended};
}

RC_GTEST_PROP(ScheduleRunner, StepsReplayOnTheCheckerAndTheVerdictIsTheCatalogues, ()) {
  const spec::Config config = any_small_config();
  const sim::SchedulerKind kind = *any_scheduler();
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  sim::Setup setup(config, 0, 3);
  const sim::RunResult run = setup.runner().run(setup.scheduler(kind), seed);
  RC_ASSERT(!run.bounded);

  // Throws if some step is not enabled where the schedule takes it.
  const std::vector<mc::Word> states = mc::replay(setup.model(), mc::Path{0, run.steps, std::nullopt});
  const std::size_t words = setup.model().state_words();
  const std::size_t count = states.size() / words;
  RC_ASSERT(count == run.steps.size() + 1);

  // The first violation of the catalogue's safety properties on those
  // states is the runner's verdict, found at the last state.
  std::optional<std::string> first;
  std::size_t first_at = 0;
  std::vector<mc::Action> enabled;
  for (std::size_t i = 0; i < count && !first; ++i) {
    enabled.clear();
    setup.model().actions(states.data() + i * words, enabled);
    for (const mc::Property& property : setup.model().properties()) {
      if (property.kind != mc::Expectation::always) continue;
      if (!property.condition({states.data() + i * words, enabled.empty()})) {
        first = property.name;
        first_at = i;
        break;
      }
    }
  }
  if (first) {
    RC_ASSERT(run.violated == first);
    RC_ASSERT(first_at + 1 == count);
  } else {
    // No safety violation: the run went on until nothing was enabled.
    RC_ASSERT(run.terminal);
    enabled.clear();
    setup.model().actions(states.data() + (count - 1) * words, enabled);
    RC_ASSERT(enabled.empty());
  }
}

RC_GTEST_PROP(ScheduleRunner, ReplayOfAScheduleTakesTheSameSteps, ()) {
  const spec::Config config = any_small_config();
  const sim::SchedulerKind kind = *any_scheduler();
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  sim::Setup setup(config, 0, 3);
  const sim::RunResult run = setup.runner().run(setup.scheduler(kind), seed);
  const sim::RunResult replayed = setup.runner().replay(run.steps);
  RC_ASSERT(replayed.steps == run.steps);
  RC_ASSERT(replayed.violated == run.violated);
  RC_ASSERT(replayed.skipped == 0U);
}

// What shrinking relies on: any subsequence of a schedule is a schedule. Its
// replay takes a subsequence of the choices, skips the rest, and every step
// it takes is enabled where it takes it.
RC_GTEST_PROP(ScheduleRunner, ReplayOfASubsequenceSkipsWhatIsNotEnabled, ()) {
  const spec::Config config = any_small_config();
  const sim::SchedulerKind kind = *any_scheduler();
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  sim::Setup setup(config, 0, 3);
  const std::vector<mc::Action> steps = setup.runner().run(setup.scheduler(kind), seed).steps;
  const auto keep = *rc::gen::container<std::vector<bool>>(steps.size(), rc::gen::arbitrary<bool>());
  std::vector<mc::Action> choices;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (keep[i]) choices.push_back(steps[i]);
  }
  const sim::RunResult replayed = setup.runner().replay(choices);
  RC_ASSERT(replayed.steps.size() <= choices.size());
  std::size_t at = 0;
  for (mc::Action step : replayed.steps) {
    while (at < choices.size() && choices[at] != step) ++at;
    RC_ASSERT(at < choices.size());
    ++at;
  }
  if (!replayed.violated && !replayed.terminal) RC_ASSERT(replayed.steps.size() + replayed.skipped == choices.size());
  mc::replay(setup.model(), mc::Path{0, replayed.steps, std::nullopt});  // throws if a step is not enabled
}

std::string file_bytes(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

sim::ExploreOptions original_at(int sites, int logon_servers, sim::SchedulerKind kind, std::uint64_t seed) {
  sim::ExploreOptions options;
  options.variant = spec::find_variant("original");
  options.min_sites = options.max_sites = sites;
  options.min_logon_servers = options.max_logon_servers = logon_servers;
  options.scheduler = kind;
  options.seed = seed;
  options.runs = 1000;
  options.test_id = current_test_id();
  return options;
}

class Determinism : public ::testing::TestWithParam<sim::SchedulerKind> {};

TEST_P(Determinism, TheSameSeedGivesTheSameScheduleAndTheSameTraceByteForByte) {
  const sim::SchedulerKind kind = GetParam();
  const std::uint64_t seed = rc::detail::configuration().testParams.seed;
  const sim::ExploreOptions options = original_at(3, 16, kind, seed);
  const sim::Exploration first = sim::explore(options);
  const sim::Exploration second = sim::explore(options);
  ASSERT_EQ(first.verdict, sim::Exploration::Verdict::violated) << "seed " << seed;
  ASSERT_EQ(second.verdict, sim::Exploration::Verdict::violated) << "seed " << seed;
  EXPECT_EQ(first.schedules, second.schedules);
  EXPECT_EQ(first.counterexample->schedule_seed, second.counterexample->schedule_seed);
  EXPECT_EQ(first.counterexample->path.actions, second.counterexample->path.actions);
  EXPECT_EQ(first.rc_params, second.rc_params);
  const std::string name = std::string("determinism-") + sim::scheduler_name(kind);
  const std::string a = write_trace(first, options, "proptest-traces", name + "-a");
  const std::string b = write_trace(second, options, "proptest-traces", name + "-b");
  const std::string bytes = file_bytes(a);
  EXPECT_FALSE(bytes.empty());
  EXPECT_EQ(bytes, file_bytes(b)) << "seed " << seed;

  // And the seed matters: the generated schedules of different seeds differ.
  sim::Setup setup({options.variant, 3, 16, spec::Environment::unattended}, 0, options.change_points);
  std::set<std::vector<mc::Action>> schedules;
  for (std::uint64_t s = 0; s < 8; ++s) schedules.insert(setup.runner().run(setup.scheduler(kind), seed + s).steps);
  EXPECT_GT(schedules.size(), 1U) << "eight seeds gave one schedule";
}

TEST_P(Determinism, RcParamsReproducesTheShrunkCounterexampleWithoutSearching) {
  const sim::SchedulerKind kind = GetParam();
  const std::uint64_t seed = rc::detail::configuration().testParams.seed;
  const sim::ExploreOptions options = original_at(2, 8, kind, seed);
  const sim::Exploration found = sim::explore(options);
  ASSERT_EQ(found.verdict, sim::Exploration::Verdict::violated) << "seed " << seed;
  ASSERT_FALSE(found.rc_params.empty());

  // What a user pastes into RC_PARAMS, read back by RapidCheck's own parser.
  sim::ExploreOptions again = options;
  again.reproduce = rc::detail::configFromString(found.rc_params).reproduce;
  ASSERT_EQ(again.reproduce.count(options.test_id), 1U) << found.rc_params;
  again.seed = seed + 1;  // the reproduce map alone must be enough
  const sim::Exploration reproduced = sim::explore(again);
  ASSERT_EQ(reproduced.verdict, sim::Exploration::Verdict::violated) << reproduced.message;
  EXPECT_EQ(reproduced.schedules, 0U) << "a reproduction searches nothing";
  EXPECT_EQ(reproduced.counterexample->property, found.counterexample->property);
  EXPECT_EQ(reproduced.counterexample->path.actions, found.counterexample->path.actions);
}

// What a failing test prints, on a real failure: the seed, the RC_PARAMS
// line with the test's filter, the trace file, and the steps by the names the
// checker's counterexamples use.
TEST(Reproduction, AFailureNamesItsSeedItsRcParamsLineAndItsTraceFile) {
  const std::uint64_t seed = rc::detail::configuration().testParams.seed;
  const sim::ExploreOptions options = original_at(1, 3, sim::SchedulerKind::uniform, seed);
  const sim::Exploration found = sim::explore(options);
  ASSERT_EQ(found.verdict, sim::Exploration::Verdict::violated) << "seed " << seed;
  const std::string file = write_trace(found, options, "proptest-traces", "reproduction");
  const std::string text = describe_failure(found, options, file);
  EXPECT_NE(text.find("seed: " + std::to_string(seed)), std::string::npos) << text;
  EXPECT_NE(text.find("RC_PARAMS=\"" + found.rc_params + "\""), std::string::npos) << text;
  EXPECT_NE(text.find("--gtest_filter='" + current_gtest_name() + "'"), std::string::npos) << text;
  EXPECT_NE(text.find("trace: " + file), std::string::npos) << text;
  const spec::ProtocolModel model(found.counterexample->config);
  for (mc::Action action : found.counterexample->path.actions)
    EXPECT_NE(text.find(model.format_action(action)), std::string::npos) << text;

  const trace::Trace trace = trace::read_trace_file(file);
  ASSERT_TRUE(trace.seed.has_value());
  EXPECT_EQ(*trace.seed, seed);
  EXPECT_EQ(trace.explorer, "rapidcheck-uniform");
  EXPECT_EQ(trace::trace_path(model, trace).actions, found.counterexample->path.actions);
}

// The stop flag a signal sets: no schedule starts after it, and what ran is
// reported as `stopped`, never as a pass or a failure it was not.
TEST(StopFlag, ASetFlagRunsNoScheduleAndSaysStopped) {
  std::atomic<bool> stop{true};
  sim::ExploreOptions options = original_at(1, 3, sim::SchedulerKind::uniform, 1);
  options.stop = &stop;
  const sim::Exploration result = sim::explore(options);
  EXPECT_TRUE(result.stopped);
  EXPECT_EQ(result.verdict, sim::Exploration::Verdict::holds) << result.message;
  EXPECT_EQ(result.schedules, 0U);
  EXPECT_FALSE(result.counterexample.has_value());
}

TEST(StopFlag, AFlagRaisedMidRunStopsAfterTheScheduleUnderWay) {
  std::atomic<bool> stop{false};
  sim::ExploreOptions options = original_at(4, 16, sim::SchedulerKind::pct, 1);
  options.variant = spec::find_variant("handshake");
  options.runs = 100000000;
  options.stop = &stop;
  std::thread raise([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop = true;
  });
  const sim::Exploration result = sim::explore(options);
  raise.join();
  EXPECT_TRUE(result.stopped);
  EXPECT_EQ(result.verdict, sim::Exploration::Verdict::holds) << result.message;
  // (How many ran depends on the machine: possibly none, on a slow one.)
  EXPECT_LT(result.schedules, 100000000U);
  EXPECT_EQ(result.complete_runs + result.bounded_runs, result.schedules) << "every counted schedule ran to its end";
}

INSTANTIATE_TEST_SUITE_P(Schedulers, Determinism,
                         ::testing::Values(sim::SchedulerKind::uniform, sim::SchedulerKind::pct),
                         [](const ::testing::TestParamInfo<sim::SchedulerKind>& info) {
                           return std::string(sim::scheduler_name(info.param));
                         });

}  // namespace
}  // namespace smsmc::proptest
