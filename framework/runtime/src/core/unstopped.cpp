#include <cxxabi.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <cio/detail/unstopped.hpp>

namespace cio::detail {

void report_unstopped(const std::type_info& type) noexcept {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> name(
      abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), &std::free);
  std::fprintf(stderr,
               "cio: %s destroyed while started: co_await its stop() before destroying it "
               "(cio::with_scope stops what it owns on every path, a throw included)\n",
               name ? name.get() : type.name());
#ifndef NDEBUG
  std::abort();
#endif
}

}  // namespace cio::detail
