// The parallel breadth-first search on the real protocol: two threads must
// explore exactly what one does (counts, transitions, depth, discovery
// order, verdicts and counterexample paths): expansion runs in parallel, and
// so does insertion, into one partition of the visited set per thread, but
// new states are numbered in discovery order (mc/state_store.h).
#include "spec/check.h"
#include "spec/variants.h"

#include <gtest/gtest.h>

#include <tuple>

namespace smsmc::spec {
namespace {

std::string where(const Variant& v, int n, int m) {
  return v.name + std::string(" N=") + std::to_string(n) + " M=" + std::to_string(m);
}

TEST(ParallelSearch, TwoThreadsCheckTheProtocolExactlyAsOne) {
  for (const Variant& v : variants()) {
    for (int n : {1, 2, 3}) {
      for (int m : {0, 1, 3}) {
        SCOPED_TRACE(where(v, n, m));
        const Config config{&v, n, m, Environment::unattended};
        CheckOptions options;
        options.threads = 1;
        const CheckReport one = check_protocol(config, options);
        options.threads = 2;
        const CheckReport two = check_protocol(config, options);
        ASSERT_EQ(two.runs.size(), one.runs.size());
        for (std::size_t r = 0; r < one.runs.size(); ++r) {
          EXPECT_EQ(two.runs[r].stats.states, one.runs[r].stats.states);
          EXPECT_EQ(two.runs[r].stats.transitions, one.runs[r].stats.transitions);
          EXPECT_EQ(two.runs[r].stats.depth, one.runs[r].stats.depth);
          EXPECT_EQ(two.runs[r].stats.complete, one.runs[r].stats.complete);
          EXPECT_EQ(two.runs[r].stats.decided_early, one.runs[r].stats.decided_early);
        }
        ASSERT_EQ(two.properties.size(), one.properties.size());
        for (std::size_t i = 0; i < one.properties.size(); ++i) {
          const mc::PropertyResult& a = one.properties[i].result;
          const mc::PropertyResult& b = two.properties[i].result;
          EXPECT_EQ(b.name, a.name);
          EXPECT_EQ(b.verdict, a.verdict) << a.name;
          EXPECT_EQ(two.properties[i].outcome, one.properties[i].outcome) << a.name;
          ASSERT_EQ(b.path.has_value(), a.path.has_value()) << a.name;
          if (!a.path) continue;
          EXPECT_EQ(b.path->init, a.path->init) << a.name;
          EXPECT_EQ(b.path->actions, a.path->actions) << a.name;
          EXPECT_EQ(b.path->loop_start, a.path->loop_start) << a.name;
        }
      }
    }
  }
}

TEST(ParallelSearch, TwoThreadsDiscoverTheProtocolsStatesInTheSameOrder) {
  // Every state, in id order: the strongest form of "the same search".
  for (const Variant& v : variants()) {
    for (Environment environment : {Environment::unattended, Environment::operator_on_duty}) {
      const ProtocolModel model(Config{&v, 2, 3, environment});
      const mc::Result one = mc::Checker(model).threads(1).collect_states().run();
      const mc::Result two = mc::Checker(model).threads(2).collect_states().run();
      EXPECT_EQ(two.states, one.states) << v.name;
      EXPECT_GT(one.stats.states, 100u);
    }
  }
}

TEST(ParallelSearch, AnyThreadCountDiscoversTheSameStatesWithAndWithoutSymmetry) {
  // Levels of thousands of states, so each batch's repeats meet in every
  // partition; under symmetry the stored states are orbit representatives
  // and the edges are kept (the lifted liveness check needs them).
  const Variant& original = variants().front();
  for (const auto& [n, m, symmetry] : {std::tuple{3, 6, false}, std::tuple{4, 3, true}}) {
    SCOPED_TRACE(where(original, n, m) + (symmetry ? " symmetry" : ""));
    const ProtocolModel model(Config{&original, n, m, Environment::operator_on_duty});
    const mc::Result one = mc::Checker(model).symmetry(symmetry).threads(1).collect_states().run();
    EXPECT_GT(one.stats.states, 50000u);
    for (unsigned threads : {2u, 4u}) {
      const mc::Result many = mc::Checker(model).symmetry(symmetry).threads(threads).collect_states().run();
      EXPECT_EQ(many.states, one.states) << threads << " threads";
      EXPECT_EQ(many.stats.transitions, one.stats.transitions);
      EXPECT_EQ(many.stats.liveness_graph, one.stats.liveness_graph);
      ASSERT_EQ(many.properties.size(), one.properties.size());
      for (std::size_t i = 0; i < one.properties.size(); ++i) {
        EXPECT_EQ(many.properties[i].verdict, one.properties[i].verdict) << one.properties[i].name;
        ASSERT_EQ(many.properties[i].path.has_value(), one.properties[i].path.has_value());
        if (one.properties[i].path) {
          EXPECT_EQ(many.properties[i].path->actions, one.properties[i].path->actions);
        }
      }
    }
  }
}

}  // namespace
}  // namespace smsmc::spec
