#include "gate/timed.h"

#include "spec/threshold.h"
#include "spec/timed_model.h"
#include "spec/timing.h"

#include <fmt/core.h>

namespace smsmc::gate {

namespace {
std::string threshold_key(const std::optional<int>& m_star, int max_m) {
  return m_star ? fmt::format("M*={}", *m_star) : fmt::format("race-free M<={}", max_m);
}
}  // namespace

void timed_cells(const spec::Expectations& expectations, const spec::Variant& variant, const Options& options,
                 Result& result) {
  if (expectations.timed.empty()) return;
  const spec::TimingCatalog catalog = spec::load_timing();
  for (const auto& [profile_name, expected] : expectations.timed) {
    if (options.stop != nullptr && options.stop->load(std::memory_order_relaxed)) return;
    const auto want = expected.thresholds.find(variant.name);
    if (want == expected.thresholds.end()) continue;
    const spec::TimingProfile& profile = catalog.profile(profile_name);
    spec::ThresholdOptions search;
    search.sites = expected.sites;
    search.max_m = expected.max_m;
    const spec::ThresholdResult found = spec::find_threshold(variant, profile, search);
    Cell cell;
    cell.variant = variant.name;
    cell.property = std::string(spec::race_property) + " threshold";
    cell.explorer = "zones";
    cell.configuration = fmt::format("timing={} N={} M=0..{}", profile_name, expected.sites, expected.max_m);
    cell.expected = threshold_key(want->second, expected.max_m);
    cell.got = found.complete ? threshold_key(found.m_star, expected.max_m) : "unknown";
    cell.matches = cell.got == cell.expected;
    cell.states = found.zones_stored;
    cell.seconds = found.seconds;
    if (found.m_star) {
      const int m = *found.m_star;
      cell.detail = m == 0 ? fmt::format("{} violated at M=0", spec::race_property)
                           : fmt::format("{} holds at M={} and is violated at M={}", spec::race_property, m - 1, m);
      if (found.run) {
        spec::Config config{&variant, expected.sites, m, spec::Environment::unattended};
        const spec::TimedProtocolModel model(config, profile);
        for (std::size_t i = 0; i < found.run->steps.size(); ++i) {
          const mc::timed::Time& at = found.run->steps[i].at;
          cell.detail += fmt::format("\n{}. t = {} s {}", i + 1,
                                     at.den == 1 ? spec::format_seconds(at.num) : at.to_string(),
                                     model.discrete().format_action(found.run->steps[i].action));
        }
      }
    } else {
      cell.detail = fmt::format("{} holds for every M in 0..{}", spec::race_property, expected.max_m);
    }
    if (options.progress) options.progress(fmt::format("{} timed {}: {}", variant.name, cell.configuration, cell.got));
    result.cells.push_back(std::move(cell));
  }
}

}  // namespace smsmc::gate
