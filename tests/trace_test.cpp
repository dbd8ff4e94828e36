// Traces: the golden files replay and show their recorded violation, the
// checker's counterexamples survive JSON and replay, and every way a file can
// be broken or stop fitting the model is reported with the field or the step.
#include "spec/check.h"
#include "spec/variants.h"
#include "statemachines/services.h"
#include "trace/record.h"
#include "trace/replay.h"
#include "trace/trace.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace smsmc::trace {
namespace {

using spec::CheckedProperty;
using spec::CheckReport;
using spec::Config;
using spec::Environment;
using spec::Outcome;
using spec::PropertyInfo;
using spec::ProtocolModel;
using spec::Variant;
using spec::check_protocol;
using spec::find_property;
using spec::find_variant;
using spec::variants;

using nlohmann::json;
namespace fs = std::filesystem;

const fs::path source_dir = SMSMC_SOURCE_DIR;

std::vector<fs::path> files_in(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == extension) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string golden_text() { return slurp(source_dir / "traces" / "original-N1-M1-no-config-failure.json"); }

TEST(GoldenTraces, EveryGoldenTraceReplaysAndShowsItsRecordedViolation) {
  const std::vector<fs::path> golden = files_in(source_dir / "traces", ".json");
  ASSERT_GE(golden.size(), 3u) << "traces/ lost its golden traces";
  for (const fs::path& file : golden) {
    SCOPED_TRACE(file.filename().string());
    const Trace trace = read_trace_file(file.string());
    ASSERT_FALSE(trace.property.empty());
    const Replay r = replay_trace(trace);
    EXPECT_TRUE(r.fingerprint_matches);
    EXPECT_TRUE(r.violation());
    EXPECT_EQ(r.property, trace.property);
    const PropertyInfo* info = find_property(trace.property);
    ASSERT_NE(info, nullptr);
    if (info->kind == mc::Expectation::always) {
      EXPECT_NE(std::find(r.violated.begin(), r.violated.end(), trace.property), r.violated.end());
      ASSERT_TRUE(r.violating_step.has_value());
      EXPECT_LE(*r.violating_step, r.steps.size());
    } else {
      EXPECT_TRUE(r.finding == Finding::terminal_state || r.finding == Finding::fair_lasso);
    }
    // The golden file is exactly what the tool writes for it.
    EXPECT_EQ(trace_to_json(trace), slurp(file));
  }
}

TEST(TimedTraces, TheKbGoldenTraceCarriesItsTimingAndReplayChecksTheTimes) {
  const std::string text = slurp(source_dir / "traces" / "original-kb-wan-threshold.json");
  const Trace trace = trace_from_json(text);
  EXPECT_EQ(trace.version, 3);
  ASSERT_TRUE(trace.timing.has_value());
  EXPECT_EQ(trace.timing->profile, "kb-wan");
  ASSERT_FALSE(trace.steps.empty());
  for (const TraceStep& step : trace.steps) EXPECT_TRUE(step.time.has_value());
  EXPECT_EQ(trace.steps.back().time->num, 1620);
  const Replay r = replay_trace(trace);
  EXPECT_EQ(r.property, "no-config-failure");
  // The despooler executes 30 s (lo of despooler.execute) after the package
  // arrives at 1,590 s; 1,595 s is too early.
  json doc = json::parse(text);
  doc["steps"][trace.steps.size() - 1]["time"] = 1595;
  try {
    replay_trace(trace_from_json(doc.dump()));
    ADD_FAILURE() << "a step time too early for its duration replayed";
  } catch (const TraceMismatch& e) {
    EXPECT_NE(std::string(e.what()).find("do not fit"), std::string::npos) << e.what();
  }
  // A time on some steps only is malformed.
  doc = json::parse(text);
  doc["steps"][0].erase("time");
  EXPECT_THROW(trace_from_json(doc.dump()), TraceError);
}

TEST(TimedTraces, VersionTwoFilesStillReadAndReplay) {
  json doc = json::parse(golden_text());
  doc["version"] = 2;
  const Trace trace = trace_from_json(doc.dump());
  EXPECT_FALSE(trace.timing.has_value());
  EXPECT_TRUE(replay_trace(trace).violation());
}

TEST(GoldenTraces, TheOriginalRaceExecutesThePackageWhileTheDespoolerRuns) {
  const Replay r = replay_trace(trace_from_json(golden_text()));
  ASSERT_TRUE(r.violating_step.has_value());
  const ReplayedStep& step = r.steps[*r.violating_step - 1];
  EXPECT_EQ(r.layout().actor(step.actor).service, sm::service_id<sm::Despooler>());
  bool c0000001 = false;
  for (const sm::LogLine& line : step.log) c0000001 |= line.text.find("c0000001") != std::string::npos;
  EXPECT_TRUE(c0000001);
}

TEST(CheckerTraces, CounterexamplesRoundTripThroughJsonAndReplay) {
  std::size_t replayed = 0;
  for (const Variant& variant : variants()) {
    const char* name = variant.name;
    for (int m : {1, 2}) {
      SCOPED_TRACE(std::string(name) + " M=" + std::to_string(m));
      const Config config{find_variant(name), 1, m, Environment::unattended};
      const CheckReport report = check_protocol(config);
      for (const CheckedProperty& p : report.properties) {
        if (p.outcome != Outcome::violated || !p.result.path) continue;
        SCOPED_TRACE(p.info->name);
        Config env = config;
        env.environment = p.info->environment;
        const ProtocolModel model(env);
        const Trace trace = counterexample_trace(config, p, "bfs");
        const std::string text = trace_to_json(trace);
        const Trace back = trace_from_json(text);
        EXPECT_EQ(trace_to_json(back), text);
        const Replay r = replay_trace(back);
        EXPECT_TRUE(r.violation());
        EXPECT_EQ(r.property, p.info->name);
        EXPECT_EQ(r.steps.size(), p.result.path->actions.size());
        // Names resolve back to the checker's own path.
        EXPECT_EQ(trace_path(model, back).actions, p.result.path->actions);
        ++replayed;
      }
    }
  }
  EXPECT_GT(replayed, 0u) << "no counterexample was replayed: the test checked nothing";
}

TEST(CheckerTraces, ASharedParentIsRecordedAndReplayedWithIt) {
  std::size_t replayed = 0;
  for (const sm::SharedParent parent : {sm::SharedParent{sm::HmMode::one_at_a_time, 0},
                                        sm::SharedParent{sm::HmMode::one_job_per_site, 1},
                                        sm::SharedParent{sm::HmMode::one_at_a_time, 2}}) {
    Config config{find_variant("original"), 2, 1, Environment::unattended};
    config.parent = parent;
    const CheckReport report = check_protocol(config);
    for (const CheckedProperty& p : report.properties) {
      if (p.outcome != Outcome::violated || !p.result.path) continue;
      SCOPED_TRACE(p.info->name);
      const Trace trace = counterexample_trace(config, p, "bfs");
      const std::string text = trace_to_json(trace);
      const json doc = json::parse(text);
      EXPECT_EQ(doc.contains("hm"), parent.one_hm());
      EXPECT_EQ(doc.contains("sender_slots"), parent.slots_limited());
      const Trace back = trace_from_json(text);
      EXPECT_TRUE(back.parent == parent);
      EXPECT_EQ(trace_to_json(back), text);
      const Replay r = replay_trace(back);
      EXPECT_TRUE(r.violation());
      EXPECT_TRUE(r.model->config().parent == parent);
      // Without its parameters the trace does not fit the default model.
      Trace stripped = back;
      stripped.parent = {};
      EXPECT_THROW((void)replay_trace(stripped), TraceMismatch);
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0u);
  // A default trace writes neither field, as before.
  const json golden = json::parse(golden_text());
  EXPECT_FALSE(golden.contains("hm"));
  EXPECT_FALSE(golden.contains("sender_slots"));
}

// ---- malformed files ------------------------------------------------------

void expect_trace_error(const std::string& text, const std::string& field) {
  try {
    (void)trace_from_json(text);
    ADD_FAILURE() << "no TraceError; expected one naming " << field;
  } catch (const TraceError& e) {
    EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
  }
}

TEST(MalformedTraces, AMissingFieldIsNamed) {
  const json good = json::parse(golden_text());
  for (const char* key : {"format", "version", "variant", "sites", "logon_servers", "environment", "found_by",
                          "property", "fingerprint", "loop_start", "steps"}) {
    json bad = good;
    bad.erase(key);
    expect_trace_error(bad.dump(), key);
  }
  for (const char* key : {"actor", "event", "states", "log", "messages", "step"}) {
    json bad = good;
    bad["steps"][2].erase(key);
    expect_trace_error(bad.dump(), std::string("steps[2].") + key);
  }
  json bad = good;
  bad["steps"][3]["log"][1].erase("text");
  expect_trace_error(bad.dump(), "steps[3].log[1].text");
}

TEST(MalformedTraces, AWrongTypeOrValueIsNamed) {
  const json good = json::parse(golden_text());
  const std::vector<std::pair<json::json_pointer, json>> cases = {
      {json::json_pointer("/sites"), "one"},
      {json::json_pointer("/sites"), 0},
      {json::json_pointer("/logon_servers"), -1},
      {json::json_pointer("/version"), 99},
      {json::json_pointer("/environment"), "nobody"},
      {json::json_pointer("/loop_start"), 99},
      {json::json_pointer("/steps"), json::object()},
      {json::json_pointer("/steps/1/states"), json::array()},
      {json::json_pointer("/steps/1/step"), 7},
      {json::json_pointer("/found_by/seed"), -3},
      {json::json_pointer("/hm"), "two-at-a-time"},
      {json::json_pointer("/hm"), 1},
      {json::json_pointer("/sender_slots"), 0},
      {json::json_pointer("/sender_slots"), 65},
      {json::json_pointer("/sender_slots"), "many"},
  };
  const std::vector<std::string> fields = {"sites",         "sites",        "logon_servers",  "version",
                                           "environment",   "loop_start",   "steps",          "steps[1].states",
                                           "steps[1].step", "found_by.seed", "hm",            "hm",
                                           "sender_slots",  "sender_slots", "sender_slots"};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    json bad = good;
    bad[cases[i].first] = cases[i].second;
    expect_trace_error(bad.dump(), fields[i]);
  }
}

TEST(MalformedTraces, EveryTruncationIsATraceErrorNeverACrash) {
  const std::string text = golden_text();
  for (std::size_t length = 0; length + 2 < text.size(); ++length) {
    EXPECT_THROW((void)trace_from_json(text.substr(0, length)), TraceError) << "length " << length;
  }
}

TEST(MalformedTraces, VersionOneFilesStillReadAndReplay) {
  json old = json::parse(golden_text());
  old["version"] = 1;
  for (json& step : old["steps"]) step.erase("messages");
  const Replay r = replay_trace(trace_from_json(old.dump()));
  EXPECT_TRUE(r.violation());
  EXPECT_FALSE(r.steps.back().messages.empty());  // replay still sees them
}

// ---- traces that no longer fit the model ------------------------------------

std::size_t mismatch_step(const json& doc, const std::string& expect_in_message, bool check_fingerprint = true) {
  try {
    ReplayOptions options;
    options.check_fingerprint = check_fingerprint;
    (void)replay_trace(trace_from_json(doc.dump()), options);
  } catch (const TraceMismatch& e) {
    EXPECT_NE(std::string(e.what()).find(expect_in_message), std::string::npos) << e.what();
    return e.step;
  }
  ADD_FAILURE() << "no TraceMismatch; expected one mentioning " << expect_in_message;
  return 9999;
}

TEST(MisfitTraces, AreReportedWithTheStepAndWhy) {
  const json good = json::parse(golden_text());
  {
    json bad = good;
    bad["steps"][2]["event"] = "teleport_package";
    EXPECT_EQ(mismatch_step(bad, "has no event 'teleport_package'"), 3u);
  }
  {
    json bad = good;
    bad["steps"][1]["actor"] = "hierarchy_manager[7]";
    EXPECT_EQ(mismatch_step(bad, "no actor named 'hierarchy_manager[7]'"), 2u);
  }
  {
    json bad = good;  // deliver the package before it was sent
    std::swap(bad["steps"][1], bad["steps"][2]);
    bad["steps"][1]["step"] = 2;
    bad["steps"][2]["step"] = 3;
    EXPECT_EQ(mismatch_step(bad, "is not enabled"), 2u);
  }
  {
    json bad = good;
    bad["steps"][0]["states"]["upgrade_bootstrap[1]"] = "Upgraded";
    EXPECT_EQ(mismatch_step(bad, "the trace records Upgraded"), 1u);
  }
  {
    json bad = good;
    bad["steps"][3]["log"].erase(1);
    EXPECT_EQ(mismatch_step(bad, "log line"), 4u);
  }
  {
    json bad = good;
    bad["steps"][2]["messages"][0]["to"] = "despooler[1]";
    EXPECT_EQ(mismatch_step(bad, "message 1"), 3u);
  }
  {
    json bad = good;
    bad["steps"][0]["event"] = "start_ubs";  // an action name, not an event
    EXPECT_EQ(mismatch_step(bad, "has no event"), 1u);
  }
  {
    json bad = good;
    bad["steps"][2]["actor"] = "despooler_inbox[1]";
    bad["steps"][2]["event"] = "put";  // a message, which no actor takes as a step
    EXPECT_EQ(mismatch_step(bad, "receives from another machine"), 3u);
  }
  {
    json bad = good;
    bad["variant"] = "no-such-patch";
    EXPECT_EQ(mismatch_step(bad, "unknown variant 'no-such-patch'"), 0u);
  }
}

TEST(MisfitTraces, AFingerprintMismatchIsReportedUnlessIgnored) {
  json other = json::parse(golden_text());
  other["fingerprint"] = "0123456789abcdef";
  EXPECT_EQ(mismatch_step(other, "fingerprint"), 0u);
  ReplayOptions lenient;
  lenient.check_fingerprint = false;
  const Replay r = replay_trace(trace_from_json(other.dump()), lenient);
  EXPECT_FALSE(r.fingerprint_matches);
  EXPECT_TRUE(r.violation());
}

TEST(ReplayVerdicts, APrefixOfTheRaceIsClean) {
  json prefix = json::parse(golden_text());
  prefix["steps"].erase(3);  // stop before the despooler executes the package
  prefix["property"] = "";
  const Replay r = replay_trace(trace_from_json(prefix.dump()));
  EXPECT_FALSE(r.violation());
  EXPECT_TRUE(r.violated.empty());
}

// Inputs the fuzzer once crashed or hung on: each must now be a clean error
// or a clean replay.
TEST(FuzzRegressions, EveryKeptInputIsHandled) {
  const std::vector<fs::path> kept = files_in(source_dir / "fuzz" / "regressions", ".json");
  ASSERT_FALSE(kept.empty()) << "fuzz/regressions/ is empty: the test would check nothing";
  for (const fs::path& file : kept) {
    SCOPED_TRACE(file.filename().string());
    try {
      (void)replay_trace(trace_from_json(slurp(file)), ReplayOptions{false});
    } catch (const TraceError&) {
    } catch (const TraceMismatch&) {
    }
  }
}

}  // namespace
}  // namespace smsmc::trace
