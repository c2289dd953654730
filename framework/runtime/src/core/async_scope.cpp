#include <cio/core/async_scope.hpp>

namespace cio {

Task<void> AsyncScope::close() {
  std::exception_ptr failure;
  while (!steps_.empty()) {
    auto step = std::move(steps_.back());
    steps_.pop_back();
    try {
      co_await step();
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace cio
