// `smsmc` as a user runs it: exit codes, messages on bad input, and the
// counterexample the README promises.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

struct CliRun {
  int exit_code;
  std::string output;  // stdout and stderr
};

CliRun smsmc(const std::string& args) {
  const std::string command = std::string(SMSMC_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

void expect_usage_error(const std::string& args, const std::string& message) {
  const CliRun run = smsmc(args);
  EXPECT_EQ(run.exit_code, 2) << "smsmc " << args << "\n" << run.output;
  EXPECT_NE(run.output.find(message), std::string::npos) << "smsmc " << args << " should say '" << message << "':\n"
                                                         << run.output;
}

TEST(Cli, BadInputIsAUsageErrorWithAClearMessage) {
  expect_usage_error("check --variant no-such-protocol", "unknown variant 'no-such-protocol'");
  expect_usage_error("check --sites 0", "--sites must be at least 1");
  expect_usage_error("check --logon-servers -1", "--logon-servers must be 0 or more");
  expect_usage_error("check --logon-servers many", "--logon-servers");
  expect_usage_error("check --sites 1.5", "--sites");
  expect_usage_error("check --property no-such-property", "unknown property 'no-such-property'");
  expect_usage_error("check --no-such-flag", "--no-such-flag");
  expect_usage_error("", "subcommand");
  expect_usage_error("check --property no-config-failure --trace-out /nonexistent-dir/x.json", "cannot write");
  expect_usage_error("gate --quick --expectations /nonexistent-dir/e.yaml",
                     "/nonexistent-dir/e.yaml: cannot open: No such file or directory");
  expect_usage_error("frobnicate", "frobnicate");
  expect_usage_error("check --hm two-at-a-time", "--hm takes one-job-per-site or one-at-a-time, got 'two-at-a-time'");
  expect_usage_error("check --sender-slots 0", "--sender-slots takes unlimited or a whole number 1..64, got '0'");
  expect_usage_error("simulate --sender-slots 65", "--sender-slots takes unlimited");
  expect_usage_error("matrix --sender-slots -1", "--sender-slots takes unlimited");
}

TEST(Cli, ASharedParentIsStatedAndKeepsTheSymmetry) {
  const CliRun run = smsmc("check --variant handshake --sites 2 --logon-servers 1 --hm one-at-a-time --sender-slots 1");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("shared parent: one HM at a time, 1 sender slot"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("symmetry reduction: on"), std::string::npos) << run.output;
  const CliRun json = smsmc("check --variant handshake --sites 2 --logon-servers 1 --sender-slots 2 --json");
  EXPECT_NE(json.output.find("\"sender_slots\": 2"), std::string::npos) << json.output;
  EXPECT_NE(json.output.find("\"hm\": \"one-job-per-site\""), std::string::npos) << json.output;
  const CliRun timed = smsmc("check --timed --variant handshake --sites 2 --logon-servers 0 --hm one-at-a-time");
  EXPECT_EQ(timed.exit_code, 0) << timed.output;
}

TEST(Cli, HelpExitsZeroOnEverySubcommand) {
  for (const char* args : {"--help", "check --help", "list --help"}) {
    const CliRun run = smsmc(args);
    EXPECT_EQ(run.exit_code, 0) << args;
    EXPECT_NE(run.output.find("Usage"), std::string::npos) << args;
  }
}

TEST(Cli, OriginalShowsTheRaceEndingInC0000001) {
  const CliRun run = smsmc("check --variant original --sites 1 --logon-servers 3 --property no-config-failure");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("VIOLATED"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("Cannot find config mini inst specific data"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("error code = c0000001"), std::string::npos) << run.output;
}

TEST(Cli, ThresholdOfTheKbProfileEqualsItsClosedForm) {
  const CliRun run = smsmc("threshold --variant original --timing kb-wan --max-m 16");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("M* = 6: no-config-failure holds at M = 5 and is violated at M = 6"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("M* = 6\n"), std::string::npos) << "the closed form's M*:\n" << run.output;
  EXPECT_NE(run.output.find("t = 1,620 s"), std::string::npos) << run.output;
  const CliRun free = smsmc("threshold --variant handshake --timing kb-wan --max-m 4");
  EXPECT_EQ(free.exit_code, 0) << free.output;
  EXPECT_NE(free.output.find("race-free for every M <= 4"), std::string::npos) << free.output;
  expect_usage_error("threshold --timing no-such-profile", "unknown timing profile 'no-such-profile'");
  expect_usage_error("check --timed --duration link.transit=9..3", "is empty");
  expect_usage_error("check --timed --duration no.such=3", "unknown duration 'no.such'");
}

TEST(Cli, TimedCheckSaysWhenARaceFreeProfileIsTooSlow) {
  const CliRun run = smsmc("check --timed --timing kb-wan -m 3 --duration ubs.upgrade=200000");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("race-free under this timing, but too slow"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("t = 172,830 s"), std::string::npos) << run.output;
}

TEST(Cli, HandshakeHoldsAndExitsZero) {
  const CliRun run = smsmc("check --variant handshake --sites 2 --logon-servers 3");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output.find("VIOLATED"), std::string::npos) << run.output;
}

TEST(Cli, SaysWhetherSymmetryReductionApplied) {
  const CliRun on = smsmc("check --variant handshake --sites 2 --logon-servers 1");
  EXPECT_EQ(on.exit_code, 0) << on.output;
  EXPECT_NE(on.output.find("symmetry reduction: on"), std::string::npos) << on.output;
  const CliRun off = smsmc("check --variant handshake --sites 2 --logon-servers 1 --no-symmetry");
  EXPECT_EQ(off.exit_code, 0) << off.output;
  EXPECT_NE(off.output.find("symmetry reduction: off (--no-symmetry)"), std::string::npos) << off.output;
  // handshake, M = 1: 10 states per site unattended; 10^2 concrete, C(11, 2) orbits.
  EXPECT_NE(off.output.find("unattended                  100"), std::string::npos) << off.output;
  EXPECT_NE(on.output.find("unattended                   55"), std::string::npos) << on.output;
  const CliRun one = smsmc("check --variant handshake --sites 1 --logon-servers 1");
  EXPECT_NE(one.output.find("symmetry reduction: not applicable (one site)"), std::string::npos) << one.output;
}

TEST(Cli, BoundedRunsReportAPartialResultAndExit3) {
  const CliRun run = smsmc("check --variant handshake --sites 2 --logon-servers 3 --max-states 100 --no-symmetry");
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_NE(run.output.find("partial (stopped by max-states)"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("Stopped early: --max-states 100 was reached"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("INCOMPLETE"), std::string::npos) << run.output;
  // A violation found before the bound is final: exit 1, not 3.
  const CliRun racy = smsmc("check --variant original --sites 2 --logon-servers 3 --max-states 300 --no-symmetry");
  EXPECT_EQ(racy.exit_code, 1) << racy.output;
  EXPECT_NE(racy.output.find("partial (stopped by max-states)"), std::string::npos) << racy.output;
  EXPECT_NE(racy.output.find("Counterexample for no-config-failure"), std::string::npos) << racy.output;
}

TEST(Cli, ListNamesEveryVariantAndProperty) {
  const CliRun run = smsmc("list");
  EXPECT_EQ(run.exit_code, 0);
  for (const char* name : {"original", "handshake", "despooler-defers", "defer-after-shutdown-flag",
                           "despooler-stops-first", "no-config-failure", "upgrade-completes", "workaround-recovers"})
    EXPECT_NE(run.output.find(name), std::string::npos) << name;
}

}  // namespace
