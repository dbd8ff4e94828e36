// The one place the SPIN cross-check knows smsmc: it drives the `smsmc`
// binary's command line and reads its printed report, so the test does not
// depend on spec::Config or the checker's C++ API, which change often. When
// smsmc's options or output change, this file is what to adapt.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/process.h"

namespace smsmc::spin_check {

/// One property of `smsmc list`: its name, kind (always, eventually,
/// sometimes) and the environment it is checked in.
struct CatalogueProperty {
  std::string name;
  std::string kind;
  std::string environment;
};

struct Catalogue {
  std::vector<std::string> variants;
  std::vector<CatalogueProperty> properties;
};

/// smsmc's verdict on one property, with the counterexample's length when it
/// printed one.
struct SmsmcVerdict {
  std::string verdict;  // "violated", "holds", "found", "not-found"
  std::optional<std::uint64_t> steps;
};

struct SmsmcReport {
  std::map<std::string, std::uint64_t> states;   // per environment
  std::map<std::string, SmsmcVerdict> verdicts;  // per property
  std::string raw;
};

class SmsmcCli {
 public:
  explicit SmsmcCli(std::string binary) : binary_(std::move(binary)) {}

  /// `smsmc list`: variant names, then properties as "name kind role... env"
  /// with the statement on the next line.
  [[nodiscard]] Catalogue catalogue() const {
    const testing::Finished run = testing::run_process(binary_, {"list"});
    Catalogue out;
    std::istringstream lines(run.out);
    std::string line;
    enum { none, variants, properties } section = none;
    const std::regex variant(R"(^  (\S+)\s{2,}\S.*$)");
    const std::regex property(R"(^  (\S+)\s+(always|eventually|sometimes)\s.*\s(\S+)\s*$)");
    while (std::getline(lines, line)) {
      std::smatch m;
      if (line.rfind("Variants", 0) == 0) {
        section = variants;
      } else if (line.rfind("Properties", 0) == 0) {
        section = properties;
      } else if (section == variants && std::regex_match(line, m, variant)) {
        out.variants.push_back(m[1]);
      } else if (section == properties && std::regex_match(line, m, property)) {
        out.properties.push_back({m[1], m[2], m[3]});
      }
    }
    return out;
  }

  /// `smsmc check` of every property, both environments explored in full
  /// (liveness is among the properties), symmetry reduction off when smsmc
  /// has it: SPIN counts every state.
  [[nodiscard]] SmsmcReport check(const std::string& variant, int sites, int logon_servers) const {
    std::vector<std::string> args{"check", "--variant", variant, "--threads", "1"};
    args.insert(args.end(), {"--sites", std::to_string(sites), "--logon-servers", std::to_string(logon_servers)});
    if (has_option("--no-symmetry")) args.emplace_back("--no-symmetry");
    const testing::Finished run = testing::run_process(binary_, args, 600);
    SmsmcReport out;
    out.raw = run.describe();
    std::istringstream lines(run.out);
    std::string line;
    const std::regex environment(R"(^(unattended|operator-on-duty)\s+(\d+)\s.*$)");
    const std::regex property(
        R"(^(\S+)\s+(always|eventually|sometimes)\s+(VIOLATED|holds \(vacuous\)|holds|unreachable|NOT FOUND|unknown)(.*)$)");
    const std::regex steps(R"(counterexample of (\d+) steps?)");
    while (std::getline(lines, line)) {
      std::smatch m;
      if (std::regex_match(line, m, environment)) {
        out.states[m[1]] = std::stoull(m[2]);
      } else if (std::regex_match(line, m, property)) {
        const std::string kind = m[2];
        const std::string said = m[3];
        const std::string rest = m[4];
        SmsmcVerdict v;
        if (said == "unknown") {
          v.verdict = "unknown";
        } else if (kind == "sometimes") {
          v.verdict = said == "holds" ? "found" : "not-found";
        } else {
          v.verdict = said == "VIOLATED" ? "violated" : "holds";
        }
        std::smatch s;
        if (std::regex_search(rest, s, steps)) v.steps = std::stoull(s[1]);
        out.verdicts[m[1]] = v;
      }
    }
    return out;
  }

 private:
  /// Whether `smsmc check` takes this option (read from its help once).
  [[nodiscard]] bool has_option(const std::string& option) const {
    if (!check_help_) check_help_ = testing::run_process(binary_, {"check", "--help"}).out;
    return check_help_->find(option + " ") != std::string::npos ||
           check_help_->find(option + "\n") != std::string::npos;
  }

  std::string binary_;
  mutable std::optional<std::string> check_help_;
};

}  // namespace smsmc::spin_check
