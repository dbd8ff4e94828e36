// The parent's one Hierarchy Manager when it serves one site at a time
// (`--hm one-at-a-time`, spec/shared-parent.md): a Free/Busy flag the
// per-site HM jobs take when they start a site's UBS and give back when they
// have sent that site's package. Which site holds it is visible only in that
// site's own HM job (UbsStarted or SiteDownReported), so the flag names no
// site and the sites stay interchangeable. Absent with `--hm
// one-job-per-site` (the default), where every job runs on its own.
#pragma once

#include "statemachines/machine.h"

namespace smsmc::sm {
namespace hm_worker {

// clang-format off
struct Free : msmf::state<> { static constexpr const char* name = "Free"; };
struct Busy : msmf::state<> { static constexpr const char* name = "Busy"; };

// event: a site's HM job starts that site's UBS (HM job -> worker)
struct take    : message_event { static constexpr const char* name = "take"; };
// event: the job has sent its site's package (HM job -> worker)
struct release : message_event { static constexpr const char* name = "release"; };
// clang-format on

}  // namespace hm_worker

struct HmWorker : machine_def<HmWorker> {
  static constexpr ServiceTraits traits = ServiceTraits{}
      .name("hm_worker")
      .summary("the parent's one Hierarchy Manager (--hm one-at-a-time): busy with one site's upgrade at a time")
      .title("HM worker")
      .band(Band::parent)
      .optional_at_parent([](const Params& params) { return params.parent.one_hm() ? 1 : 0; })
      .site_blind();
  using initial_state = hm_worker::Free;

  // clang-format off
  using Free = hm_worker::Free;
  using Busy = hm_worker::Busy;
  using take = hm_worker::take;
  using release = hm_worker::release;
  using none = msmf::none;

  struct transition_table : boost::mpl::vector<
  //          Start, Event  , Next, Action, Guard
  //        +------+--------+-----+-------+------+
  msmf::Row < Free , take   , Busy, none  , none >,
  msmf::Row < Busy , release, Free, none  , none >
  //        +------+--------+-----+-------+------+
  > {};
  // clang-format on
};

}  // namespace smsmc::sm
