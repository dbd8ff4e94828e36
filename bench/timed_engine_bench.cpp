// Micro-benchmark of the zone explorer (mc/timed) on a synthetic model
// shaped like the protocol's timed model: per secondary site, thirteen
// steps with a clock each (HM delivers UBS and sends the package, the link
// carries it, UBS writes SHUTDOWN.CT1, SCM stops M logon servers and the
// despooler, the despooler may execute the package, UBS takes it and
// upgrades, a 48-hour watchdog, an operator's PREINST [3600, inf)).
// Sites are independent copies. It measures, it asserts nothing: numbers go
// to bench/TIMED-ENGINE.md by hand, with the machine's load.
//
//   smsmc_timed_bench --sites 2 --logon-servers 3 --extrapolation off --covering alu --query reach
#include "mc/timed/step_model.h"
#include "mc/timed/zone_checker.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <array>
#include <chrono>
#include <cstdio>

namespace {

using namespace smsmc::mc;
using namespace smsmc::mc::timed;

// Per-site fields, 4 bits each, one Word per site.
enum Field { hm, link, inbox, ubs, scm, stopped, despooler, watchdog, op, fields };
static_assert(4 * fields <= 64, "a site's fields fit one Word");
enum Step {
  deliver_ubs, send_package, transit, write_shutdown, begin_shutdown, stop_logon_server, stop_despooler,
  report_down, execute, take_package, upgrade, timeout, preinst, steps
};
constexpr std::array<const char*, steps> step_names = {
    "hm.deliver_ubs", "hm.send_package", "link.transit", "ubs.write_shutdown", "scm.begin_shutdown",
    "scm.stop_logon_server", "scm.stop_despooler", "scm.report_down", "despooler.execute", "ubs.take_package",
    "ubs.upgrade", "watchdog.timeout", "operator.preinst"};
// Durations in seconds: a racy profile (the package can land before the
// despooler stops for small M).
constexpr std::array<std::pair<std::int64_t, std::int64_t>, steps> durations = {{
    {5, 30}, {1, 10}, {60, 600}, {1, 5}, {5, 60}, {10, 120}, {5, 30},
    {1, 5}, {1, 10}, {1, 5}, {300, 1800}, {172800, 172800}, {3600, StepTiming::unbounded}}};

// ubs: 0 not started, 1 started, 2 shutdown written, 3 upgrading, 4 upgraded, 5 emergency restart.
// scm: 0 idle, 1 asked to shut down, 2 stopping logon servers, 3 stopping despooler, 4 reporting, 5 down.
// inbox: 0 empty, 1 package, 2 package executed by the despooler (lost).

class SitesModel final : public Model, public StepTimedModel {
 public:
  SitesModel(int sites, int logon_servers) : sites_(sites), logon_servers_(logon_servers) {}

  [[nodiscard]] std::size_t state_words() const override { return static_cast<std::size_t>(sites_); }
  void init_states(std::vector<Word>& out) const override { out.insert(out.end(), state_words(), 0); }
  void actions(const Word* s, std::vector<Action>& out) const override {
    for (int site = 0; site < sites_; ++site) {
      for (int step = 0; step < steps; ++step) {
        if (enabled(s, site, static_cast<Step>(step))) out.push_back(static_cast<Action>(site * steps + step));
      }
    }
  }
  void next_state(const Word* s, Action action, Word* out) const override {
    std::copy(s, s + state_words(), out);
    const int site = static_cast<int>(action) / steps;
    auto set = [&](Field f, int v) { put(out, site, f, v); };
    switch (static_cast<Step>(action % steps)) {
      case deliver_ubs: set(hm, 1); set(ubs, 1); set(watchdog, 1); break;
      case send_package: set(hm, 2); set(link, 1); break;
      case transit: set(link, 0); set(inbox, 1); break;
      case write_shutdown: set(ubs, 2); set(scm, 1); break;
      case begin_shutdown: set(scm, 2); break;
      case stop_logon_server: set(stopped, get(s, site, stopped) + 1); break;
      case stop_despooler: set(despooler, 1); set(scm, 4); break;
      case report_down: set(scm, 5); break;
      case execute: set(inbox, 2); break;
      case take_package: set(inbox, 0); set(ubs, 3); break;
      case upgrade: set(ubs, 4); set(watchdog, 2); break;
      case timeout: set(watchdog, 3); set(ubs, 5); break;
      case preinst: set(op, 1); set(inbox, 0); set(link, 1); break;
      case steps: break;
    }
  }
  [[nodiscard]] std::vector<Property> properties() const override {
    const int n = sites_;
    return {{"no-config-failure", Expectation::always,
             [n](const StateView& v) {
               for (int site = 0; site < n; ++site) {
                 if (get(v.words, site, inbox) == 2) return false;
               }
               return true;
             },
             "", ""},
            {"explore-everything", Expectation::always, [](const StateView&) { return true; }, "", ""}};
  }
  [[nodiscard]] int process_of(Action action) const override { return static_cast<int>(action); }
  [[nodiscard]] int process_count() const override { return sites_ * steps; }
  [[nodiscard]] std::string format_action(Action a) const override {
    return std::string(step_names[a % steps]) + "[" + std::to_string(a / steps + 1) + "]";
  }

  [[nodiscard]] const Model& discrete() const override { return *this; }
  [[nodiscard]] std::size_t clock_count() const override { return static_cast<std::size_t>(sites_ * steps); }
  [[nodiscard]] std::string clock_name(ClockId c) const override {
    return std::string(step_names[(c - 1) % steps]) + "[" + std::to_string((c - 1) / steps + 1) + "]";
  }
  [[nodiscard]] StepTiming step(const Word*, Action a) const override {
    const auto [lo, hi] = durations[a % steps];
    return {static_cast<ClockId>(a + 1), lo, hi};
  }

  [[nodiscard]] bool all_upgraded(const Word* s) const {
    for (int site = 0; site < sites_; ++site) {
      if (get(s, site, ubs) != 4) return false;
    }
    return true;
  }

 private:
  static int get(const Word* s, int site, Field f) { return static_cast<int>((s[site] >> (4 * f)) & 15); }
  static void put(Word* s, int site, Field f, int v) {
    s[site] = (s[site] & ~(Word{15} << (4 * f))) | (static_cast<Word>(v) << (4 * f));
  }
  [[nodiscard]] bool enabled(const Word* s, int site, Step step) const {
    auto at = [&](Field f) { return get(s, site, f); };
    const bool alive = at(ubs) < 4;  // neither upgraded nor in emergency restart
    switch (step) {
      case deliver_ubs: return at(hm) == 0;
      case send_package: return at(hm) == 1;
      case transit: return at(link) == 1;
      case write_shutdown: return at(ubs) == 1;
      case begin_shutdown: return at(scm) == 1;
      case stop_logon_server: return at(scm) == 2 && at(stopped) < logon_servers_;
      case stop_despooler: return at(scm) == 2 && at(stopped) == logon_servers_;
      case report_down: return at(scm) == 4;
      case execute: return at(despooler) == 0 && at(inbox) == 1;
      case take_package: return at(ubs) == 2 && at(scm) == 5 && at(inbox) == 1;
      case upgrade: return at(ubs) == 3;
      case timeout: return at(watchdog) == 1 && alive;
      case preinst: return at(op) == 0 && at(inbox) == 2 && at(link) == 0 && alive;
      case steps: return false;
    }
    return false;
  }

  int sites_;
  int logon_servers_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Micro-benchmark of the zone explorer on a protocol-shaped synthetic model"};
  int sites = 1;
  std::vector<int> logon_servers{0, 3, 8, 16};
  std::string extrapolation = "off";
  std::string covering = "alu";
  std::string query = "reach";
  std::int64_t horizon = 400000;
  double timeout = 120;
  app.add_option("--sites", sites, "independent secondary sites (1..4)")->check(CLI::Range(1, 4));
  app.add_option("--logon-servers", logon_servers, "values of M (<= 15)")->check(CLI::Range(0, 15));
  app.add_option("--extrapolation", extrapolation, "off, m or lu")->check(CLI::IsMember({"off", "m", "lu"}));
  app.add_option("--covering", covering, "inclusion or alu")->check(CLI::IsMember({"inclusion", "alu"}));
  app.add_option("--query", query, "reach (explore every zone) or time (best/worst time to all upgraded)")
      ->check(CLI::IsMember({"reach", "time"}));
  app.add_option("--horizon", horizon, "horizon of the time query, seconds");
  app.add_option("--timeout", timeout, "seconds per run");
  CLI11_PARSE(app, argc, argv);

  fmt::print("| sites | M | clocks | abstraction | query | zones stored | visited | covered | superseded | "
             "discrete states | bytes per zone | seconds | us per stored zone | result |\n");
  fmt::print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const int m : logon_servers) {
    const SitesModel model(sites, m);
    const ZoneChecker checker = std::move(
        ZoneChecker(model)
            .extrapolation(*parse_extrapolation(extrapolation))
            .covering(*parse_covering(covering))
            .timeout(timeout)
            .timed_runs(false));
    TimedStats stats;
    std::string outcome;
    if (query == "reach") {
      const TimedResult r = ZoneChecker(checker).only({"explore-everything"}).run();
      stats = r.stats;
      outcome = r.stats.complete ? "complete" : "INCOMPLETE (" + r.stats.stopped_by + ")";
    } else {
      const TimeToGoal r =
          ZoneChecker(checker).time_to([&](const StateView& v) { return model.all_upgraded(v.words); }, horizon);
      stats = r.stats;
      auto show = [](const std::optional<TimeExtreme>& e) {
        if (!e) return std::string("-");
        return e->beyond_horizon ? "> " + std::to_string(e->value) : std::to_string(e->value);
      };
      outcome = "best " + show(r.best) + " s, worst " + show(r.worst) + " s, avoidable " + avoidance_name(r.avoidable) +
                (r.stats.complete ? "" : ", INCOMPLETE (" + r.stats.stopped_by + ")");
    }
    fmt::print("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.3f} | {:.1f} | {} |\n", sites, m,
               model.clock_count(), extrapolation + "/" + covering, query, stats.stored, stats.visited, stats.covered,
               stats.superseded, stats.discrete_states, stats.zone_bytes, stats.seconds, stats.stored == 0 ? 0.0 : 1e6 * stats.seconds / stats.stored,
               outcome);
    std::fflush(stdout);
  }
  return 0;
}
