# The commit is read at configure time; `-dirty` marks a tree with uncommitted changes.
execute_process(COMMAND git describe --always --dirty --abbrev=12
                WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                OUTPUT_VARIABLE MHC_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT MHC_GIT_COMMIT)
  set(MHC_GIT_COMMIT "unknown")
endif()
configure_file(${PROJECT_SOURCE_DIR}/src/build_info.hpp.in ${PROJECT_BINARY_DIR}/generated/build_info.hpp @ONLY)
