# The project's extra build types (its own build only).
# Sanitize: ASan + UBSan, any report is fatal. Tsan: ThreadSanitizer (use clang).
set(CIO_SANITIZE_FLAGS "-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all")
set(CMAKE_CXX_FLAGS_SANITIZE "${CIO_SANITIZE_FLAGS}")
set(CMAKE_C_FLAGS_SANITIZE "${CIO_SANITIZE_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_SANITIZE "-fsanitize=address,undefined")
set(CMAKE_SHARED_LINKER_FLAGS_SANITIZE "-fsanitize=address,undefined")
set(CIO_TSAN_FLAGS "-O1 -g -fno-omit-frame-pointer -fsanitize=thread")
set(CMAKE_CXX_FLAGS_TSAN "${CIO_TSAN_FLAGS}")
set(CMAKE_C_FLAGS_TSAN "${CIO_TSAN_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_TSAN "-fsanitize=thread")
set(CMAKE_SHARED_LINKER_FLAGS_TSAN "-fsanitize=thread")
