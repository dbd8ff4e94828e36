#include "mc/fairness.h"

#include <algorithm>

namespace smsmc::mc {

WeakFairness::WeakFairness(const Model& model) : model_(model) {
  const auto processes = static_cast<std::size_t>(model.process_count());
  always_enabled_.assign(processes, 1);
  steps_.assign(processes, 0);
  here_.assign(processes, 0);
}

void WeakFairness::clear() {
  std::fill(always_enabled_.begin(), always_enabled_.end(), 1);
  std::fill(steps_.begin(), steps_.end(), 0);
}

void WeakFairness::add_state(const Action* enabled, std::size_t count) {
  std::fill(here_.begin(), here_.end(), 0);
  for (std::size_t i = 0; i < count; ++i) here_[static_cast<std::size_t>(model_.process_of(enabled[i]))] = 1;
  for (std::size_t p = 0; p < here_.size(); ++p) always_enabled_[p] &= here_[p];
}

void WeakFairness::add_step(Action action) { steps_[static_cast<std::size_t>(model_.process_of(action))] = 1; }

std::optional<int> WeakFairness::starved() const {
  for (std::size_t p = 0; p < steps_.size(); ++p) {
    if (always_enabled_[p] != 0 && steps_[p] == 0) return static_cast<int>(p);
  }
  return std::nullopt;
}

}  // namespace smsmc::mc
