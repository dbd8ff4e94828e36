#include "mc/path.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace smsmc::mc {

std::vector<Word> replay(const Model& model, const Path& path) {
  const std::size_t words = model.state_words();
  std::vector<Word> inits;
  model.init_states(inits);
  if ((path.init + 1) * words > inits.size()) throw std::invalid_argument("the path starts at an unknown initial state");
  std::vector<Word> states(inits.begin() + static_cast<std::ptrdiff_t>(path.init * words),
                           inits.begin() + static_cast<std::ptrdiff_t>((path.init + 1) * words));
  std::vector<Action> enabled;
  std::vector<Word> next(words);
  for (std::size_t step = 0; step < path.actions.size(); ++step) {
    const Word* current = states.data() + states.size() - words;
    enabled.clear();
    model.actions(current, enabled);
    if (std::find(enabled.begin(), enabled.end(), path.actions[step]) == enabled.end()) {
      throw std::invalid_argument("step " + std::to_string(step + 1) + " (" + model.format_action(path.actions[step]) +
                                  ") is not enabled");
    }
    model.next_state(current, path.actions[step], next.data());
    states.insert(states.end(), next.begin(), next.end());
  }
  return states;
}

}  // namespace smsmc::mc
