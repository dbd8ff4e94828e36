// Two encodings, two engines: spec/promela/sms.pml, written independently
// from the protocol brief, checked by SPIN, must agree with smsmc on every
// variant for N in {1, 2} and M in {0, 1, 3}, in both environments: the same
// verdicts, the same number of reachable states (SPIN's full-space safety
// run), and the same shortest counterexample lengths. Liveness is compared
// by verdict only (pan -a -f explores a product with the claim).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <string>
#include <vector>

#include "tests/spin/smsmc_cli.h"
#include "tests/spin/spin_runner.h"

namespace smsmc::spin_check {
namespace {

const SmsmcCli& smsmc() {
  static const SmsmcCli cli(SMSMC_BINARY);
  return cli;
}

const Catalogue& catalogue() {
  static const Catalogue c = smsmc().catalogue();
  return c;
}

const SpinRunner& spin() {
  static const SpinRunner runner(SMSMC_SOURCE_DIR "/spec/promela", SPIN_WORK_DIR, SPIN_BINARY, SPIN_CC);
  return runner;
}

/// Promela names cannot hold '-': the assertion flag or LTL claim of a
/// property is its name with '_'.
std::string promela_name(std::string name) {
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

const char* const kEnvironments[] = {"unattended", "operator-on-duty"};

TEST(SpinCrossCheck, CatalogueIsRead) {
  EXPECT_FALSE(catalogue().variants.empty()) << "smsmc list printed no variants (tests/spin/smsmc_cli.h reads it)";
  EXPECT_GE(catalogue().properties.size(), 5u) << "smsmc list printed too few properties";
}

TEST(SpinCrossCheck, EveryPropertyHasAPromelaCounterpart) {
  const std::string model = read_text(spin().model_file());
  for (const CatalogueProperty& p : catalogue().properties) {
    const std::string name = promela_name(p.name);
    const std::string wanted = p.kind == "eventually" ? "ltl " + name + " " : "|| " + name + ")";
    EXPECT_NE(model.find(wanted), std::string::npos)
        << "property " << p.name << " (" << p.kind << ") has no counterpart in spec/promela/sms.pml: add "
        << (p.kind == "eventually" ? "an LTL formula `ltl " + name + " { ... }`"
                                   : "an assertion `assert(... || " + name + ")` and the flag `bool " + name + "`")
        << " (spec/promela/README.md)";
  }
}

class SpinAgrees : public ::testing::TestWithParam<std::string> {};

TEST_P(SpinAgrees, OnVerdictsStatesAndShortestRuns) {
  const std::string& variant = GetParam();
  if (!std::ifstream(spin().variant_file(variant)).is_open()) {
    FAIL() << "variant " << variant << " has no Promela counterpart: add spec/promela/variants/" << variant
           << ".pml defining the switches it sets (and, for a new behaviour, the guarded step in "
              "spec/promela/sms.pml), as spec/proposing-a-change.md says";
  }
  for (int n : {1, 2}) {
    for (int m : {0, 1, 3}) {
      const std::string where = variant + ", N=" + std::to_string(n) + ", M=" + std::to_string(m);
      const SmsmcReport ours = smsmc().check(variant, n, m);
      ASSERT_EQ(ours.states.size(), 2u) << where << ": could not read smsmc's report\n" << ours.raw;
      for (const char* env : kEnvironments) {
        const SpinConfig config{variant, n, m, std::string(env) == "operator-on-duty"};
        const std::string at = where + ", " + env;
        std::string error;
        const SafetyRun safety = spin().safety(config, error);
        ASSERT_TRUE(error.empty()) << at << ": " << error;
        EXPECT_EQ(safety.stored, ours.states.at(env)) << at << ": SPIN's stored states differ from smsmc's";
        for (const CatalogueProperty& p : catalogue().properties) {
          if (p.environment != env) continue;
          const std::string name = promela_name(p.name);
          ASSERT_TRUE(ours.verdicts.count(p.name)) << at << ": no verdict for " << p.name << "\n" << ours.raw;
          const SmsmcVerdict& verdict = ours.verdicts.at(p.name);
          if (p.kind == "eventually") {
            const LivenessRun live = spin().liveness(config, name, error);
            ASSERT_TRUE(error.empty()) << at << ": " << error;
            const std::string spin_verdict = live.violated ? "violated" : "holds";
            EXPECT_EQ(spin_verdict, verdict.verdict) << at << ": " << p.name << "\n" << live.log;
            continue;
          }
          const auto found = safety.shortest.find(name);
          const bool flagged = found != safety.shortest.end();
          if (p.kind == "sometimes") {
            EXPECT_EQ(flagged ? "found" : "not-found", verdict.verdict) << at << ": " << p.name;
            continue;
          }
          EXPECT_EQ(flagged ? "violated" : "holds", verdict.verdict) << at << ": " << p.name;
          if (flagged && verdict.verdict == "violated") {
            ASSERT_TRUE(verdict.steps) << at << ": no counterexample length read for " << p.name << "\n" << ours.raw;
            EXPECT_EQ(found->second, *verdict.steps) << at << ": shortest counterexample of " << p.name;
          }
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryVariant, SpinAgrees, ::testing::ValuesIn(catalogue().variants),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
}  // namespace smsmc::spin_check
