# cio_docs: the API reference from the public headers' /// comments, with
# Doxygen (Debian package doxygen). An undocumented public class, function or
# constant fails the target (see docs/api/Doxyfile.in).
find_package(Doxygen QUIET)
if(NOT DOXYGEN_FOUND)
  add_custom_target(cio_docs
    COMMAND ${CMAKE_COMMAND} -E echo "cio_docs: doxygen not found (scripts/setup.sh installs it)"
    COMMAND ${CMAKE_COMMAND} -E false)
  return()
endif()

set(CIO_DOCS_OUTPUT ${CMAKE_BINARY_DIR}/docs/api)
set(cio_docs_include_dirs
  ${PROJECT_SOURCE_DIR}/drivers/include
  ${PROJECT_SOURCE_DIR}/framework/runtime/include
  ${PROJECT_SOURCE_DIR}/framework/shard/include
  ${PROJECT_SOURCE_DIR}/framework/app/include)
list(JOIN cio_docs_include_dirs " " CIO_DOCS_STRIP)
set(CIO_DOCS_INPUT "${PROJECT_SOURCE_DIR}/docs/api/mainpage.md ${CIO_DOCS_STRIP}")
configure_file(${PROJECT_SOURCE_DIR}/docs/api/Doxyfile.in ${CIO_DOCS_OUTPUT}/Doxyfile @ONLY)

add_custom_target(cio_docs
  COMMAND ${DOXYGEN_EXECUTABLE} ${CIO_DOCS_OUTPUT}/Doxyfile
  COMMAND ${CMAKE_COMMAND} -E echo "API reference: ${CIO_DOCS_OUTPUT}/html/index.html"
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  COMMENT "Doxygen: the API reference (a warning fails the target)"
  VERBATIM)
