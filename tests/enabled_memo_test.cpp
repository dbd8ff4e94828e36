// The per-site memo of enabled events (spec/enabled_memo.h) against the
// direct evaluation of every guard, on every reachable state of each variant
// in both environments: it rests on guards reading only their own site and
// the parent, which a new guard could break.
#include "mc/checker.h"
#include "spec/model.h"
#include "spec/variants.h"

#include <gtest/gtest.h>

namespace smsmc::spec {
namespace {

TEST(EnabledMemo, AgreesWithEveryGuardOnEveryReachableState) {
  for (const Variant& variant : variants()) {
    for (Environment env : {Environment::unattended, Environment::operator_on_duty}) {
      for (const auto& [n, m] : {std::pair{2, 3}, std::pair{3, 1}, std::pair{1, 5}}) {
        const ProtocolModel model({&variant, n, m, env});
        const mc::Result result = mc::Checker(model).collect_states().run();
        ASSERT_TRUE(result.stats.complete);
        const std::size_t words = model.state_words();
        std::vector<mc::Action> memo;
        std::vector<mc::Action> direct;
        // Twice: the second pass answers from the memo.
        for (int pass = 0; pass < 2; ++pass) {
          for (std::size_t i = 0; i < result.states.size(); i += words) {
            memo.clear();
            direct.clear();
            model.actions(result.states.data() + i, memo);
            model.actions_direct(result.states.data() + i, direct);
            ASSERT_EQ(memo, direct) << variant.name << " N=" << n << " M=" << m << " state " << i / words;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace smsmc::spec
