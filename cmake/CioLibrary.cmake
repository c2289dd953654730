# cio_library(<target> <layer>): the settings every layer's library shares.
#  - Names: cio::<layer> and CompleteIO::<layer> in the build tree,
#    CompleteIO::<layer> once installed (find_package(CompleteIO)).
#  - Headers: <layer dir>/include, installed under include/ (CIO_INSTALL).
#  - The project's warnings, as errors, only in the project's own build
#    (CIO_DEVELOPER): a consumer's compiler and flags are its own business.
#  - In the project's own build, target cio_header_check compiles each of
#    the layer's headers alone against the layer's target only: every header
#    is self-contained and includes nothing from a higher layer.
include_guard(GLOBAL)
include(GNUInstallDirs)

function(cio_library target layer)
  add_library(cio::${layer} ALIAS ${target})
  add_library(CompleteIO::${layer} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${layer} OUTPUT_NAME cio_${layer})
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  if(CIO_DEVELOPER)
    cio_enable_warnings(${target})
    cio_check_headers(${target})
  endif()
  if(CIO_INSTALL)
    install(TARGETS ${target} EXPORT CompleteIOTargets
      ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
      LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
    install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/
      DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
  endif()
endfunction()

# The project's warnings, as errors, for its own targets. GCC 12 reports
# false -Wrestrict overlaps inside std::string concatenation at -O2 (GCC bug
# 105651, fixed in GCC 13); they are not our code's.
set(CIO_WARNING_FLAGS -Wall -Wextra -Werror
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)

function(cio_enable_warnings target)
  target_compile_options(${target} PRIVATE ${CIO_WARNING_FLAGS})
endfunction()

function(cio_check_headers target)
  if(NOT TARGET cio_header_check)
    add_custom_target(cio_header_check)
  endif()
  set(include_dir ${CMAKE_CURRENT_SOURCE_DIR}/include)
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS RELATIVE ${include_dir} ${include_dir}/*.hpp)
  set(sources)
  foreach(header IN LISTS headers)
    string(MAKE_C_IDENTIFIER ${header} name)
    set(source ${CMAKE_CURRENT_BINARY_DIR}/header_check/${name}.cpp)
    file(CONFIGURE OUTPUT ${source} CONTENT "#include <${header}>\n")
    list(APPEND sources ${source})
  endforeach()
  add_library(${target}_header_check OBJECT EXCLUDE_FROM_ALL ${sources})
  target_link_libraries(${target}_header_check PRIVATE ${target})
  cio_enable_warnings(${target}_header_check)
  add_dependencies(cio_header_check ${target}_header_check)
endfunction()
