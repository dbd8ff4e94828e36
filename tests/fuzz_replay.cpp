// Replays kept inputs through a libFuzzer target's entry point, built with
// the project's compiler (and its sanitizers in the asan-ubsan preset), so
// every input a fuzzer once failed on is tried by ctest forever, through
// exactly the code the fuzzer ran. A target reports a broken promise by
// aborting; this driver only feeds it.
//   fuzz_replay_<target> FOLDER...
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& entry : std::filesystem::directory_iterator(argv[i])) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      const std::string input = bytes.str();
      std::cout << "replaying " << entry.path().string() << " (" << input.size() << " bytes)\n" << std::flush;
      (void)LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
      ++count;
    }
  }
  std::cout << count << " inputs replayed\n";
  // An empty folder would make the test check nothing.
  return count == 0 ? 1 : 0;
}
