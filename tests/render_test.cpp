// Diagrams: deterministic DOT, the violating step and the KB's lines in red,
// logon servers grouped when there are many, machine diagrams that contain
// every row of every table; and the exit codes of `smsmc replay` / `render`.
#include "render/graphviz.h"
#include "render/machines.h"
#include "render/sequence.h"
#include "spec/check.h"
#include "spec/variants.h"
#include "statemachines/services.h"
#include "trace/record.h"
#include "trace/replay.h"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace smsmc::render {
namespace {

namespace fs = std::filesystem;
const fs::path source_dir = SMSMC_SOURCE_DIR;
const fs::path golden = source_dir / "traces" / "original-N1-M1-no-config-failure.json";

trace::Replay replay_file(const fs::path& file) { return trace::replay_trace(trace::read_trace_file(file.string())); }

/// The first counterexample the checker finds for `variant` at (N, M).
trace::Replay counterexample(const char* variant, int sites, int logon_servers, const char* property) {
  const spec::Config config{spec::find_variant(variant), sites, logon_servers, spec::Environment::unattended};
  spec::CheckOptions options;
  options.only = {property};
  const spec::CheckReport report = spec::check_protocol(config, options);
  const spec::CheckedProperty* p = report.find(property);
  if (p == nullptr || !p->result.path) throw std::runtime_error(std::string("no counterexample for ") + property);
  const spec::ProtocolModel model(config);
  return trace::replay_trace(trace::make_trace(model, *p->result.path, property, "bfs"));
}

/// The attribute list of node `id` in the DOT.
std::string node_line(const std::string& dot, const std::string& id) {
  const std::string key = "\n  " + id + " [";
  const std::size_t at = dot.find(key);
  if (at == std::string::npos) return "";
  return dot.substr(at + 1, dot.find('\n', at + 1) - at - 1);
}

TEST(SequenceDiagram, IsDeterministicByteForByte) {
  const std::string first = sequence_dot(replay_file(golden));
  const std::string second = sequence_dot(replay_file(golden));
  EXPECT_EQ(first, second);
  const trace::Replay story = replay_file(source_dir / "traces" / "original-N1-M3-upgrade-completes.json");
  EXPECT_EQ(sequence_dot(story), sequence_dot(story));
}

TEST(SequenceDiagram, MarksTheViolatingStepAndTheKbLinesInRed) {
  const trace::Replay r = replay_file(golden);
  ASSERT_TRUE(r.violating_step.has_value());
  const std::string dot = sequence_dot(r);
  const std::string box = node_line(dot, "s" + std::to_string(*r.violating_step));
  ASSERT_FALSE(box.empty());
  EXPECT_NE(box.find("#c62828"), std::string::npos) << box;
  const std::string before = node_line(dot, "s1");
  EXPECT_EQ(before.find("#c62828"), std::string::npos) << before;
  std::istringstream lines(dot);
  std::string line;
  bool red_kb_note = false;
  while (std::getline(lines, line)) {
    if (line.find("shape=note") != std::string::npos && line.find("c0000001") != std::string::npos)
      red_kb_note = line.find("fontcolor=\"#c62828\"") != std::string::npos;
  }
  EXPECT_TRUE(red_kb_note);
  EXPECT_NE(dot.find("violates " + r.property), std::string::npos);
  EXPECT_NE(dot.find("variant original"), std::string::npos);
}

TEST(SequenceDiagram, OneLifelinePerActorOrOneForManyLogonServers) {
  const trace::Replay few = counterexample("original", 1, 3, "upgrade-completes");
  const std::string dot_few = sequence_dot(few);
  for (int i = 1; i <= 3; ++i) EXPECT_NE(dot_few.find("logon_server[1." + std::to_string(i) + "]"), std::string::npos);
  const trace::Replay many = counterexample("original", 2, 8, "upgrade-completes");
  const std::string dot_many = sequence_dot(many);
  EXPECT_NE(dot_many.find("Logon servers 2.1–2.8"), std::string::npos);
  EXPECT_EQ(dot_many.find("Logon server 2.3<"), std::string::npos);
  SequenceOptions ungrouped;
  ungrouped.group_logon_servers_above = 8;
  EXPECT_NE(sequence_dot(many, ungrouped).find("Logon server 2.3<"), std::string::npos);
}

TEST(SequenceDiagram, GraphvizRendersItAsSvgAndPng) {
  const std::string dot = sequence_dot(replay_file(golden));
  const std::string svg = render(dot, Format::svg);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("c0000001"), std::string::npos);
  const std::string png = render(dot, Format::png);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  EXPECT_THROW((void)render("digraph { this is not dot", Format::svg), RenderError);
}

TEST(MachineDiagrams, ShowEveryStateAndRowOfEveryTable) {
  const sm::Registry& registry = sm::Registry::protocol();
  for (int service = 0; service < registry.size(); ++service) {
    const sm::MachineInfo& info = registry.machine(service);
    SCOPED_TRACE(info.name);
    const std::string dot = machine_dot(info);
    EXPECT_EQ(dot, machine_dot(info));
    for (const char* state : info.states) EXPECT_NE(dot.find(std::string("label=<") + state + ">"), std::string::npos);
    std::size_t arrows = 0;
    for (std::size_t at = dot.find(" -> "); at != std::string::npos; at = dot.find(" -> ", at + 1)) ++arrows;
    EXPECT_EQ(arrows, info.rows.size() + 1);  // + the initial-state arrow
    for (const sm::CompiledRow& row : info.rows) {
      EXPECT_NE(dot.find(info.events[row.event].name), std::string::npos);
      if (*row.action_name != '\0') {
        EXPECT_NE(dot.find(row.action_name), std::string::npos);
      }
    }
    EXPECT_NE(render(dot, Format::svg).find("<svg"), std::string::npos);
  }
}

TEST(MachineDiagrams, MarkTheRowsATraceTook) {
  const trace::Replay r = replay_file(golden);
  const auto paths = machine_paths(r);
  const MachinePath& despooler = paths.at(sm::service_id<sm::Despooler>());
  const sm::MachineInfo& info = sm::Registry::protocol().machine(sm::service_id<sm::Despooler>());
  ASSERT_EQ(despooler.rows.size(), 1u);
  const sm::CompiledRow& taken = info.rows[despooler.rows.begin()->first];
  EXPECT_STREQ(info.events[taken.event].name, "execute_instruction");
  EXPECT_EQ(despooler.rows.begin()->second, std::vector<std::size_t>{*r.violating_step});
  EXPECT_NE(machine_dot(info, &despooler).find("step " + std::to_string(*r.violating_step)), std::string::npos);
}

// ---- the CLI -----------------------------------------------------------------

struct CliRun {
  int code;
  std::string output;
};

CliRun smsmc(const std::string& arguments) {
  const fs::path out = fs::temp_directory_path() / ("smsmc_render_test_" + std::to_string(::getpid()) + ".txt");
  const std::string command = std::string(SMSMC_BINARY) + " " + arguments + " > " + out.string() + " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  fs::remove(out);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("smsmc_render_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

void write(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

TEST(Cli, ReplayExitCodes) {
  const CliRun violated = smsmc("replay " + golden.string());
  EXPECT_EQ(violated.code, 1) << violated.output;
  EXPECT_NE(violated.output.find("VIOLATED no-config-failure"), std::string::npos) << violated.output;

  const fs::path truncated = scratch("truncated.json");
  std::ifstream in(golden);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  write(truncated, text.substr(0, text.size() / 2));
  const CliRun bad = smsmc("replay " + truncated.string());
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find("malformed trace"), std::string::npos) << bad.output;

  const fs::path missing = scratch("missing-field.json");
  std::string no_steps = text;
  no_steps.replace(no_steps.find("\"fingerprint\""), std::string("\"fingerprint\"").size(), "\"fingerprynt\"");
  write(missing, no_steps);
  const CliRun named = smsmc("replay " + missing.string());
  EXPECT_EQ(named.code, 2) << named.output;
  EXPECT_NE(named.output.find("'fingerprint'"), std::string::npos) << named.output;

  const fs::path misfit = scratch("misfit.json");
  std::string other = text;
  other.replace(other.find("\"deliver_package\""), std::string("\"deliver_package\"").size(), "\"drop_package\"");
  write(misfit, other);
  const CliRun no_fit = smsmc("replay " + misfit.string());
  EXPECT_EQ(no_fit.code, 2) << no_fit.output;
  EXPECT_NE(no_fit.output.find("step 3"), std::string::npos) << no_fit.output;

  EXPECT_EQ(smsmc("replay " + scratch("does-not-exist.json").string()).code, 2);
  EXPECT_EQ(smsmc("replay").code, 2);
}

TEST(Cli, RenderExitCodes) {
  const fs::path svg = scratch("race.svg");
  const CliRun ok = smsmc("render " + golden.string() + " -o " + svg.string());
  EXPECT_EQ(ok.code, 0) << ok.output;
  EXPECT_TRUE(fs::exists(svg));
  const fs::path dot = scratch("race.dot");
  EXPECT_EQ(smsmc("render " + golden.string() + " -o " + dot.string()).code, 0);
  EXPECT_EQ(trace::read_trace_file(golden.string()).steps.size(), replay_file(golden).steps.size());
  std::ifstream dot_in(dot);
  std::string dot_text((std::istreambuf_iterator<char>(dot_in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(dot_text, sequence_dot(replay_file(golden)));

  EXPECT_EQ(smsmc("render " + golden.string() + " -o " + scratch("race.jpeg").string()).code, 2);
  const fs::path broken = scratch("broken.json");
  write(broken, "{\"format\": \"smsmc-trace\"");
  EXPECT_EQ(smsmc("render " + broken.string() + " -o " + svg.string()).code, 2);
  EXPECT_EQ(smsmc("render " + golden.string()).code, 2);  // no -o

  const fs::path dir = scratch("machines");
  const CliRun machines = smsmc("render --machines -o " + dir.string() + " " + golden.string());
  EXPECT_EQ(machines.code, 0) << machines.output;
  EXPECT_TRUE(fs::exists(dir / "despooler.svg"));
}

}  // namespace
}  // namespace smsmc::render
