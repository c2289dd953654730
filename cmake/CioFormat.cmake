# cio_format rewrites every tracked C++ file with clang-format;
# cio_format_check fails when any differs from clang-format's output.
find_program(CLANG_FORMAT NAMES clang-format clang-format-14)
if(CLANG_FORMAT)
  add_custom_target(cio_format_check
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/format.sh --check
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Checking formatting with clang-format")
  add_custom_target(cio_format
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/format.sh
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Formatting with clang-format")
endif()
