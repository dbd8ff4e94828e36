// Builds and runs SPIN verifiers of spec/promela/sms.pml for one variant,
// N, M and environment, and reads pan's report. Each verifier is compiled
// once into a folder of the build tree named after its configuration and
// reused while the Promela sources and flags are unchanged (the folder keeps
// the exact text it was built from), so a second ctest run compiles nothing.
#pragma once

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/process.h"

namespace smsmc::spin_check {

struct SpinConfig {
  std::string variant;
  int sites = 1;
  int logon_servers = 1;
  bool operator_on_duty = false;
};

/// pan's exhaustive safety run: stored states and, per property flag named in
/// an assertion, the shortest counterexample (in protocol steps).
struct SafetyRun {
  std::uint64_t stored = 0;
  std::map<std::string, std::uint64_t> shortest;  // flag -> steps
  std::string log;
};

/// A pan -a -f run of one LTL claim.
struct LivenessRun {
  bool violated = false;
  std::string log;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class SpinRunner {
 public:
  /// `promela_dir`: spec/promela; `work_dir`: a folder of the build tree.
  SpinRunner(std::string promela_dir, std::string work_dir, std::string spin, std::string cc)
      : promela_(std::move(promela_dir)), work_(std::move(work_dir)), spin_(std::move(spin)), cc_(std::move(cc)) {}

  [[nodiscard]] std::string variant_file(const std::string& variant) const {
    return promela_ + "/variants/" + variant + ".pml";
  }
  [[nodiscard]] std::string model_file() const { return promela_ + "/sms.pml"; }

  /// BFS over the full space (no partial-order reduction, no claim), every
  /// assertion reported (-c0): the stored states are all reachable states,
  /// and the first report of each assertion is at its shortest depth.
  SafetyRun safety(const SpinConfig& c, std::string& error) const {
    SafetyRun out;
    const std::string dir = build(c, false, {"-DSAFETY", "-DNOREDUCE", "-DBFS", "-DNOCLAIM"}, error);
    if (dir.empty()) return out;
    const testing::Finished run = shell("cd " + quote(dir) + " && ./pan -c0 -w20", 600);
    out.log = run.out + run.err;
    std::smatch m;
    if (!run.exited || run.code != 0 || !std::regex_search(out.log, m, std::regex(R"((\d+) states, stored)"))) {
      error = "pan failed in " + dir + ":\n" + run.describe();
      return out;
    }
    out.stored = std::stoull(m[1]);
    // "pan:7: assertion violated ( !(in_inbox[i])||package_reaches_inbox) (at depth 2)": the
    // depth is that of the state the step starts from, so the run has depth + 1 steps; the
    // deadlock monitor's check takes no protocol step, so its run has depth steps.
    const std::regex violation(R"(assertion violated .*\|\|(\w+)\) \(at depth (\d+)\))");
    for (auto it = std::sregex_iterator(out.log.begin(), out.log.end(), violation); it != std::sregex_iterator();
         ++it) {
      const std::string flag = (*it)[1];
      const std::uint64_t steps = std::stoull((*it)[2]) + (flag == "no_deadlock" ? 0 : 1);
      auto [at, fresh] = out.shortest.emplace(flag, steps);
      if (!fresh) at->second = std::min(at->second, steps);
    }
    return out;
  }

  /// pan -a -f -N claim: acceptance cycles under weak fairness (-A: the
  /// state assertions belong to the safety run).
  LivenessRun liveness(const SpinConfig& c, const std::string& claim, std::string& error) const {
    LivenessRun out;
    // pan sizes weak fairness's bookkeeping at compile time: NFAIR bytes
    // serve 4 * NFAIR - 2 processes (as pan's own message says), and there
    // are seven actors per site and the never claim.
    const std::string nfair = "-DNFAIR=" + std::to_string((7 * c.sites + 6) / 4);
    const std::string dir = build(c, true, {nfair}, error);
    if (dir.empty()) return out;
    const testing::Finished run = shell("cd " + quote(dir) + " && ./pan -a -f -A -w20 -N " + claim, 600);
    out.log = run.out + run.err;
    std::smatch m;
    if (!run.exited || run.code != 0 || !std::regex_search(out.log, m, std::regex(R"(errors: (\d+))"))) {
      error = "pan failed in " + dir + ":\n" + run.describe();
      return out;
    }
    out.violated = std::stoull(m[1]) != 0;
    return out;
  }

 private:
  static testing::Finished shell(const std::string& command, double seconds) {
    return testing::run_process("/bin/sh", {"-c", command}, seconds);
  }

  /// The verifier's folder, built unless it already holds a pan built from
  /// the same text; empty (and `error` set) when spin or the compiler fail.
  std::string build(const SpinConfig& c, bool liveness, const std::vector<std::string>& flags,
                    std::string& error) const {
    const std::string name = c.variant + "-N" + std::to_string(c.sites) + "-M" + std::to_string(c.logon_servers) +
                             (c.operator_on_duty ? "-operator" : "-unattended") + (liveness ? "-liveness" : "-safety");
    const std::string dir = work_ + "/" + name;
    std::ostringstream wrapper;
    wrapper << "#define SITES " << c.sites << "\n#define LOGONS " << c.logon_servers << "\n#define OPERATOR "
            << (c.operator_on_duty ? 1 : 0) << "\n#define LIVENESS " << (liveness ? 1 : 0) << "\n#include \""
            << variant_file(c.variant) << "\"\n#include \"" << model_file() << "\"\n";
    std::string cflags = "-O0 -w";
    for (const std::string& f : flags) cflags += " " + f;
    const std::string key =
        wrapper.str() + "\n" + cflags + "\n" + read_text(variant_file(c.variant)) + "\n" + read_text(model_file());
    if (read_text(dir + "/built-from") == key) return dir;
    const testing::Finished made = shell("mkdir -p " + quote(dir), 60);
    std::ofstream(dir + "/model.pml") << wrapper.str();
    const testing::Finished run = shell("cd " + quote(dir) + " && rm -f pan built-from && " + quote(spin_) +
                                            " -a model.pml && " + quote(cc_) + " " + cflags + " -o pan pan.c",
                                        600);
    if (!made.exited || made.code != 0 || !run.exited || run.code != 0) {
      error = "building the SPIN verifier in " + dir + " failed:\n" + run.describe();
      return "";
    }
    std::ofstream(dir + "/built-from") << key;
    return dir;
  }

  std::string promela_;
  std::string work_;
  std::string spin_;
  std::string cc_;
};

}  // namespace smsmc::spin_check
