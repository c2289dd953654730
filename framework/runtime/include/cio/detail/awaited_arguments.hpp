// The one place that keeps GCC 12's coroutine bug out of the public API.
//
// GCC 12 destroys an object twice when the object is aggregate-initialised
// as a temporary inside a co_await expression and has a destructor: a
// lambda with a by-value capture such as a std::string, or a struct built
// with braces around one. The bug is in the caller's coroutine, so no callee
// can repair it: `co_await submit_to(1, [key] { ... })` double-frees
// whatever submit_to does with the lambda. Temporaries of classes with
// constructors (std::string, std::vector, std::unique_ptr, a Task) and
// named objects are handled correctly.
//
// So every API that takes a callable or values into a coroutine is a plain
// function that checks them with these helpers: with GCC 12, a callable or
// argument passed as an rvalue that could be such a temporary is a compile
// error that says what to write instead. Clang and later GCCs accept all of
// them. tests/framework/compile_checks proves the check. (A lambda wrapped
// in another temporary, std::function([s] {...}), is beyond what a type
// can show: write the capturing lambda in a named variable.)
#pragma once

#include <type_traits>

namespace cio::detail {

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
inline constexpr bool kDoubleDestroysAwaitedAggregates = true;
#else
inline constexpr bool kDoubleDestroysAwaitedAggregates = false;
#endif

// F and A as deduced from a forwarding reference (F&&): an lvalue reference
// when a named object was passed, which is safe.
template <typename F>
inline constexpr bool awaited_callable_is_safe =
    !kDoubleDestroysAwaitedAggregates || std::is_lvalue_reference_v<F> ||
    std::is_trivially_destructible_v<std::remove_cvref_t<F>>;

// A lambda passed as an argument is as unsafe as one passed as the
// callable, and closure types are not aggregates: a class that cannot be
// move-assigned (which a capturing closure cannot) is refused too.
template <typename A>
inline constexpr bool awaited_argument_is_safe =
    !kDoubleDestroysAwaitedAggregates || std::is_lvalue_reference_v<A> ||
    std::is_trivially_destructible_v<std::remove_cvref_t<A>> ||
    (!std::is_aggregate_v<std::remove_cvref_t<A>> &&
     std::is_move_assignable_v<std::remove_cvref_t<A>>);

template <typename F>
constexpr void check_awaited_callable() noexcept {
  static_assert(awaited_callable_is_safe<F>,
                "GCC 12 destroys a lambda built inside a co_await expression twice when it "
                "captures an object with a destructor (a std::string, a smart pointer...). "
                "Pass those values as arguments after the callable instead, e.g. "
                "submit_to(shard, [](const std::string& key) { ... }, key), or pass a named "
                "callable (it is copied). Clang 16 accepts the capturing form.");
}

template <typename A>
constexpr void check_awaited_argument() noexcept {
  static_assert(awaited_argument_is_safe<A>,
                "GCC 12 destroys a braced temporary or a lambda built inside a co_await "
                "expression twice when a member or capture has a destructor. Build the "
                "argument in a named variable first and pass it by name (it is copied). "
                "Clang 16 accepts this form.");
}

template <typename... A>
constexpr void check_awaited_arguments() noexcept {
  (check_awaited_argument<A>(), ...);
}

}  // namespace cio::detail
