// A symmetric toy for the symmetry reduction's tests: N interchangeable
// processes, each a small random machine (from a seed) over local states
// 0..K-1, sharing one lock bit that some steps take and others release.
// Permuting the processes is a symmetry, and weak fairness per process
// decides some of its liveness verdicts, so the quotient's lifted fairness
// check (mc/symmetry.h) has something to get wrong.
#pragma once

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "mc/model.h"

namespace smsmc::mc::test {

class SymmetricToy final : public Model {
 public:
  static constexpr int states = 5;  // local states; the last one is "done"
  struct Step {
    int to;
    int lock;  // 0: ignores the lock, 1: takes it (needs it free), -1: releases it (needs it held)
  };

  SymmetricToy(int processes, unsigned seed) : n_(processes) {
    std::mt19937 random(seed);
    steps_.resize(states);
    for (int from = 0; from < states; ++from) {
      const int count = static_cast<int>(random() % 3);  // 0 to 2 steps
      for (int i = 0; i < count; ++i)
        steps_[from].push_back({static_cast<int>(random() % states), static_cast<int>(random() % 3) - 1});
    }
  }

  std::vector<Property> props() const {
    auto local = [this](const Word* s, int p) { return static_cast<int>((s[0] >> (4 * p)) & 15); };
    auto all_done = [this, local](const StateView& v) {
      for (int p = 0; p < n_; ++p) {
        if (local(v.words, p) != states - 1) return false;
      }
      return true;
    };
    auto some_done = [this, local](const StateView& v) {
      for (int p = 0; p < n_; ++p) {
        if (local(v.words, p) == states - 1) return true;
      }
      return false;
    };
    auto two_in_2 = [this, local](const StateView& v) {
      int count = 0;
      for (int p = 0; p < n_; ++p) count += local(v.words, p) == 2;
      return count >= 2;
    };
    return {{"all-done", Expectation::eventually, all_done, "", ""},
            {"some-done", Expectation::eventually, some_done, "", ""},
            {"never-two-in-2", Expectation::always, [two_in_2](const StateView& v) { return !two_in_2(v); }, "", ""},
            {"some-done-reachable", Expectation::sometimes, some_done, "", ""}};
  }

  [[nodiscard]] std::size_t state_words() const override { return 1; }
  void init_states(std::vector<Word>& out) const override { out.push_back(0); }
  void actions(const Word* state, std::vector<Action>& out) const override {
    const bool locked = (state[0] >> 60) & 1;
    for (int p = 0; p < n_; ++p) {
      const auto& options = steps_[static_cast<std::size_t>(local(state, p))];
      for (std::size_t i = 0; i < options.size(); ++i) {
        if ((options[i].lock == 1 && locked) || (options[i].lock == -1 && !locked)) continue;
        out.push_back(static_cast<Action>(p * 16 + static_cast<int>(i)));
      }
    }
  }
  void next_state(const Word* state, Action action, Word* out) const override {
    const int p = static_cast<int>(action / 16);
    const Step& step = steps_[static_cast<std::size_t>(local(state, p))][action % 16];
    Word s = state[0] & ~(Word{15} << (4 * p));
    s |= static_cast<Word>(step.to) << (4 * p);
    if (step.lock == 1) s |= Word{1} << 60;
    if (step.lock == -1) s &= ~(Word{1} << 60);
    out[0] = s;
  }
  [[nodiscard]] std::vector<Property> properties() const override { return props(); }
  [[nodiscard]] int process_of(Action action) const override { return static_cast<int>(action / 16); }
  [[nodiscard]] int process_count() const override { return n_; }
  [[nodiscard]] std::string format_action(Action action) const override {
    return "p" + std::to_string(action / 16) + "." + std::to_string(action % 16);
  }

  bool canonicalize(const Word* state, Word* out) const override {
    std::vector<int> locals;
    for (int p = 0; p < n_; ++p) locals.push_back(local(state, p));
    std::sort(locals.begin(), locals.end());
    out[0] = compose(state[0], locals);
    return true;
  }
  void orbit(const Word* state, std::vector<Word>& out) const override {
    std::vector<int> locals;
    for (int p = 0; p < n_; ++p) locals.push_back(local(state, p));
    std::sort(locals.begin(), locals.end());
    std::set<Word> seen;
    out.push_back(state[0]);
    seen.insert(state[0]);
    do {
      const Word image = compose(state[0], locals);
      if (seen.insert(image).second) out.push_back(image);
    } while (std::next_permutation(locals.begin(), locals.end()));
  }

 private:
  [[nodiscard]] int local(const Word* state, int p) const { return static_cast<int>((state[0] >> (4 * p)) & 15); }
  [[nodiscard]] Word compose(Word shared, const std::vector<int>& locals) const {
    Word s = shared & (Word{1} << 60);
    for (int p = 0; p < n_; ++p) s |= static_cast<Word>(locals[static_cast<std::size_t>(p)]) << (4 * p);
    return s;
  }

  int n_;
  std::vector<std::vector<Step>> steps_;
};

}  // namespace smsmc::mc::test
