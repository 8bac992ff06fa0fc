# One static library per stage folder, built from every .cpp in it, so a stage is added to by
# dropping a file in and a broken file in one stage does not stop another stage's tests.
function(mhc_stage_library name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/generated)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  target_compile_options(${name} PRIVATE -Wall -Wextra)
endfunction()

# One GoogleTest binary per test folder. Suites whose name starts with Gpu need a device: they carry
# the ctest label `gpu` and skip themselves when none is present.
function(mhc_test_binary name)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE MHC_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                             MHC_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} TEST_FILTER "-Gpu*" DISCOVERY_TIMEOUT 60)
  gtest_discover_tests(${name} TEST_FILTER "Gpu*" PROPERTIES LABELS gpu DISCOVERY_TIMEOUT 60)
endfunction()
