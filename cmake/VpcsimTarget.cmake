# Shared settings for every vpcsim target: warnings (errors in CI), include root.
function(vpcsim_target_settings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(VPCSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# vpcsim_module(NAME <lib> SOURCES ... DEPS ...)
# One static library per module of DESIGN.md's layering; DEPS must only name
# modules to its left (tests/layering_test.cc checks the #include lines).
function(vpcsim_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_library(${M_NAME} STATIC ${M_SOURCES})
  target_include_directories(${M_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${M_NAME} PUBLIC ${M_DEPS})
  vpcsim_target_settings(${M_NAME})
endfunction()
