// The per-site memo of enabled events (spec/enabled_memo.h) against the
// direct evaluation of every guard, on every reachable state of each variant
// in both environments: it rests on guards reading only their own site and
// the parent, which a new guard could break. The shared parent's guards read
// parent actors (the HM worker, the sender slots): the memo keys on their
// fields too, which the shared-parent models below check.
#include "mc/checker.h"
#include "spec/model.h"
#include "spec/variants.h"

#include <gtest/gtest.h>

namespace smsmc::spec {
namespace {

/// The default parent, and the shared parents of spec/shared-parent.md.
const std::vector<sm::SharedParent>& parents() {
  static const std::vector<sm::SharedParent> all = {
      {}, {sm::HmMode::one_at_a_time, 0}, {sm::HmMode::one_job_per_site, 1}, {sm::HmMode::one_at_a_time, 2}};
  return all;
}

/// Every reachable state of one model, memo against direct evaluation.
void expect_memo_agrees(const Config& config) {
  const ProtocolModel model(config);
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
      ASSERT_EQ(memo, direct) << config.variant->name << " N=" << config.sites << " M=" << config.logon_servers
                              << " hm " << static_cast<int>(config.parent.hm) << " slots "
                              << config.parent.sender_slots << " state " << i / words;
    }
  }
}

TEST(EnabledMemo, AgreesWithEveryGuardOnEveryReachableState) {
  for (const Variant& variant : variants()) {
    for (Environment env : {Environment::unattended, Environment::operator_on_duty}) {
      for (const auto& [n, m] : {std::pair{2, 3}, std::pair{3, 1}, std::pair{1, 5}}) {
        for (const sm::SharedParent& parent : parents()) {
          Config config{&variant, n, m, env};
          config.parent = parent;
          expect_memo_agrees(config);
        }
      }
    }
  }
}

}  // namespace
}  // namespace smsmc::spec
