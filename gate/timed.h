// The gate's timed cells: for each timing profile in the `timed` section of
// spec/expectations.yaml and each variant, M* found by the zone explorer
// against the expected one (which also fixes the verdicts at M* - 1, holds,
// and at M*, violated).
#pragma once

#include "gate/gate.h"

namespace smsmc::gate {

void timed_cells(const spec::Expectations& expectations, const spec::Variant& variant, const Options& options,
                 Result& result);

}  // namespace smsmc::gate
