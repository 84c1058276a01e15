# Builds CivetWeb 1.15 from Debian's source package (fetched, never committed)
# as a static library linked to OpenSSL 3. Its own CMake file assumes the
# OpenSSL 1.1 API, so the one source file is compiled here with our definitions.
set(CIVETWEB_SOURCE_DIR "${CMAKE_BINARY_DIR}/_deps/civetweb" CACHE PATH "CivetWeb 1.15 source")
if(NOT EXISTS "${CIVETWEB_SOURCE_DIR}/src/civetweb.c")
  execute_process(
    COMMAND "${CMAKE_SOURCE_DIR}/packaging/fetch-civetweb.sh" "${CIVETWEB_SOURCE_DIR}"
    RESULT_VARIABLE fetch_result)
  if(NOT fetch_result EQUAL 0)
    message(FATAL_ERROR "Could not fetch CivetWeb's Debian source package; "
                        "run packaging/install-build-deps.sh as root first.")
  endif()
endif()

add_library(civetweb STATIC "${CIVETWEB_SOURCE_DIR}/src/civetweb.c")
target_include_directories(civetweb SYSTEM PUBLIC "${CIVETWEB_SOURCE_DIR}/include")
target_compile_definitions(civetweb PRIVATE
  NO_SSL_DL OPENSSL_API_3_0 USE_WEBSOCKET USE_IPV6 NO_CGI)
target_compile_options(civetweb PRIVATE -w)
target_link_libraries(civetweb PUBLIC OpenSSL::SSL OpenSSL::Crypto Threads::Threads ${CMAKE_DL_LIBS})
set_target_properties(civetweb PROPERTIES POSITION_INDEPENDENT_CODE ON)
