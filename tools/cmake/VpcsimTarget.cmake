# Shared settings for every vpcsim target: warnings (errors in CI); the include root is the
# repository root, so an include names the file's path ("topology/net/ip_address.h").
function(vpcsim_target_settings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(VPCSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# vpcsim_module(NAME <lib> [SOURCES ...] DEPS ...)
# One library per module of the layering (README "Layout"): static, or header-only (an
# INTERFACE library) when it has no sources. DEPS may name only the modules the layering
# allows; tests/layering_test.cc checks these DEPS and every #include line against its table.
function(vpcsim_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;DEPS" ${ARGN})
  if(M_SOURCES)
    add_library(${M_NAME} STATIC ${M_SOURCES})
    target_include_directories(${M_NAME} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${M_NAME} PUBLIC ${M_DEPS})
    vpcsim_target_settings(${M_NAME})
  else()
    add_library(${M_NAME} INTERFACE)
    target_include_directories(${M_NAME} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${M_NAME} INTERFACE ${M_DEPS})
  endif()
endfunction()
