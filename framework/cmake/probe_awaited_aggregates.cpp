// Configure-time probe: does this compiler destroy a lambda built inside a
// co_await expression twice? Exit 0: it does not. Exit 1: it does (GCC 12).
#include <coroutine>
#include <utility>

namespace {

int made = 0;
int destroyed = 0;

struct Counted {
  Counted() { ++made; }
  Counted(const Counted&) { ++made; }
  ~Counted() { ++destroyed; }
};

std::coroutine_handle<> pending;

template <typename F>
struct Holder {
  F fn;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> waiter) noexcept { pending = waiter; }
  void await_resume() { fn(); }
};

template <typename F>
Holder<F> hold(F&& fn) {
  return {std::move(fn)};
}

struct Detached {
  struct promise_type {
    Detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};

Detached await_a_capturing_lambda() {
  Counted counted;
  co_await hold([counted] { (void)counted; });
}

}  // namespace

int main() {
  await_a_capturing_lambda();
  std::exchange(pending, {}).resume();
  return made == destroyed ? 0 : 1;
}
