// assert_discovery, after stateright's: a path is checked to be a discovery
// of a property by replaying it with the property evaluator (mc/evaluate.h),
// not by trusting the checker that produced it.
//
//   EXPECT_TRUE(is_discovery(model, "never-3", path));      // the path alone
//   EXPECT_TRUE(assert_discovery(model, "never-3", path));  // and BFS finds one no longer
#pragma once

#include "mc/checker.h"
#include "mc/evaluate.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace smsmc::mc::test {

/// The part of a path before its loop (all of it when there is none): what
/// breadth-first search makes shortest.
inline std::size_t prefix_length(const Path& path) { return path.loop_start ? *path.loop_start : path.actions.size(); }

inline std::string describe(const Model& model, const Path& path) {
  std::ostringstream out;
  out << "init " << path.init << ":";
  for (std::size_t k = 0; k < path.actions.size(); ++k) {
    if (path.loop_start && *path.loop_start == k) out << " [loop]";
    out << " " << model.format_action(path.actions[k]);
  }
  return out.str();
}

/// Whether `path` is a discovery of `property`: for `always`, the condition
/// fails at the last state and not before; for `sometimes`, it holds at the
/// last state; for `eventually`, the goal never holds and the path ends in a
/// terminal state or is a closed, weakly fair lasso.
inline ::testing::AssertionResult is_discovery(const Model& model, const std::string& property, const Path& path) {
  Evaluation e;
  try {
    e = evaluate(model, path, model.properties());
  } catch (const std::invalid_argument& error) {
    return ::testing::AssertionFailure() << describe(model, path) << " does not replay: " << error.what();
  }
  const PropertyOnPath* p = e.find(property);
  if (p == nullptr) return ::testing::AssertionFailure() << "the model has no property " << property;
  const std::size_t last = e.steps();
  auto fail = [&]() { return ::testing::AssertionFailure() << describe(model, path) << " is no discovery of " << property << ": "; };
  switch (p->kind) {
    case Expectation::always:
      if (!p->first_failure) return fail() << "it never fails";
      if (*p->first_failure != last) return fail() << "it fails first at state " << *p->first_failure << " of " << last;
      break;
    case Expectation::sometimes:
      if (!p->holds_at_end) return fail() << "it does not hold at the end";
      break;
    case Expectation::eventually:
      if (p->first_holds) return fail() << "the goal holds at state " << *p->first_holds;
      if (path.loop_start) {
        if (!e.loop_closes) return fail() << "the loop does not return to where it starts";
        if (e.starved_process) return fail() << "the loop starves process " << *e.starved_process;
      } else if (!e.terminal[last]) {
        return fail() << "it ends where steps are enabled, with no loop";
      }
      if (p->discovery != (path.loop_start ? Discovery::fair_lasso : Discovery::terminal_state))
        return fail() << "the evaluator calls it " << discovery_name(p->discovery);
      break;
  }
  return ::testing::AssertionSuccess();
}

/// is_discovery(), and the breadth-first checker's own discovery of
/// `property` is a discovery too and no longer (before its loop, for
/// liveness: the loop of a lasso is not minimised).
inline ::testing::AssertionResult assert_discovery(const Model& model, const std::string& property, const Path& path) {
  if (::testing::AssertionResult alone = is_discovery(model, property, path); !alone) return alone;
  const Result result = Checker(model).only({property}).run();
  const PropertyResult* found = result.find(property);
  const Verdict expected = found->kind == Expectation::sometimes ? Verdict::holds : Verdict::violated;
  if (found->verdict != expected || !found->path)
    return ::testing::AssertionFailure() << "the checker says " << verdict_name(found->verdict) << " for " << property
                                         << " though " << describe(model, path) << " is a discovery";
  if (::testing::AssertionResult own = is_discovery(model, property, *found->path); !own)
    return ::testing::AssertionFailure() << "the checker's own path: " << own.message();
  if (prefix_length(*found->path) > prefix_length(path))
    return ::testing::AssertionFailure() << "the checker's " << describe(model, *found->path) << " is longer than "
                                         << describe(model, path);
  return ::testing::AssertionSuccess();
}

}  // namespace smsmc::mc::test
