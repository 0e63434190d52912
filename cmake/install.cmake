# Installation (GNUInstallDirs), the man pages, the bash completion and the
# Debian package.  Included at the end of the top-level CMakeLists.txt.
#
#   cmake --install build [--prefix P]     P defaults to /usr/local
#   cd build && cpack -G DEB               jixiao_<version>_<arch>.deb, prefix /usr
#
# The installed tree is relocatable: the binary finds its data at
# <bin>/${JX_BIN_TO_DATA}/jixiao (src/core/datadir.h), so moving P as a whole
# keeps it working.  Nothing installed refers to the source or build tree.
include(GNUInstallDirs)

file(RELATIVE_PATH JX_BIN_TO_DATA ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_DATADIR})
# Only datadir.c needs these: a change of prefix recompiles one file.
set_property(SOURCE ${CMAKE_SOURCE_DIR}/src/core/datadir.c APPEND PROPERTY COMPILE_DEFINITIONS
  JX_BIN_TO_DATA="${JX_BIN_TO_DATA}"
  JX_FULL_DATADIR="${CMAKE_INSTALL_FULL_DATADIR}"
  JX_BUILD_DIR="${CMAKE_BINARY_DIR}")
if(JX_TESTS)
  # The unit test builds fake installed trees with the same layout.
  set_property(SOURCE ${CMAKE_SOURCE_DIR}/tests/unit/test_datadir.c DIRECTORY ${CMAKE_SOURCE_DIR}/tests
    APPEND PROPERTY COMPILE_DEFINITIONS JX_BIN_TO_DATA="${JX_BIN_TO_DATA}")
endif()

set(JX_PKGDATADIR ${CMAKE_INSTALL_DATADIR}/jixiao)

install(TARGETS jixiao RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Data read at run time.  Directories are globbed when installing, so the font
# faces that tools/jx deps puts into fonts/ (untracked) are installed when they
# are there, and rules/ when it exists.
install(DIRECTORY templates/ DESTINATION ${JX_PKGDATADIR}/templates
  FILES_MATCHING PATTERN "*.docx" PATTERN "src" EXCLUDE)
install(DIRECTORY fonts/ DESTINATION ${JX_PKGDATADIR}/fonts
  FILES_MATCHING PATTERN "*.conf" PATTERN "*.otf" PATTERN "*.ttf" PATTERN "*.ttc"
  PATTERN "*.OTF" PATTERN "*.TTF")
# The Fandol faces are GPL with the font exception: whoever passes the files on
# passes their licence with them (README, 字体).
install(FILES fonts/Fandol-COPYING DESTINATION ${JX_PKGDATADIR}/fonts OPTIONAL)
install(DIRECTORY rules/ DESTINATION ${JX_PKGDATADIR}/rules OPTIONAL
  PATTERN "*~" EXCLUDE PATTERN ".*" EXCLUDE)

# The Chinese catalog, where gettext tools look for it.  The binary itself
# uses the copy embedded at build time (src/core/i18n.h says why).
install(FILES ${JX_MO} DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/zh_CN/LC_MESSAGES RENAME jixiao.mo)

# Documentation and the samples as examples.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
  FILES_MATCHING PATTERN "*.md" PATTERN "*.png" PATTERN "*.svg" PATTERN "*.jpg")
install(DIRECTORY samples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
  FILES_MATCHING PATTERN "*.yaml" PATTERN "*.md")

# Man pages, generated from the program's own --help texts (tools/manpage.py),
# so that they list the same commands and options as the binary they come with:
#   man1/jixiao.1      Chinese, the program's default language: `man jixiao`
#                      under LANG=C.UTF-8 (or unset, or zh_CN.*) shows it;
#   man1/jixiao.en.1   English, `man jixiao.en`;
#   en/man1/jixiao.1   English, what `man jixiao` shows under LANG=en_*.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(JX_MAN_DIR ${CMAKE_BINARY_DIR}/man)
add_custom_command(OUTPUT ${JX_MAN_DIR}/jixiao.1 ${JX_MAN_DIR}/jixiao.en.1
  COMMAND ${CMAKE_COMMAND} -E make_directory ${JX_MAN_DIR}
  COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0
          ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/manpage.py
          $<TARGET_FILE:jixiao> zh ${JX_MAN_DIR}/jixiao.1
  COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0
          ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/manpage.py
          $<TARGET_FILE:jixiao> en ${JX_MAN_DIR}/jixiao.en.1
  DEPENDS jixiao ${CMAKE_SOURCE_DIR}/tools/manpage.py
  COMMENT "man pages from jixiao --help"
  VERBATIM)
add_custom_target(man ALL DEPENDS ${JX_MAN_DIR}/jixiao.1 ${JX_MAN_DIR}/jixiao.en.1)
install(FILES ${JX_MAN_DIR}/jixiao.1 ${JX_MAN_DIR}/jixiao.en.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${JX_MAN_DIR}/jixiao.en.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/en/man1 RENAME jixiao.1)

install(FILES tools/jixiao.bash-completion DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME jixiao)

# ---- Debian package ----------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jixiao)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "部门整体支出绩效自评报告 generator (DOCX and PDF)")
set(CPACK_PACKAGE_DESCRIPTION
  "jixiao turns a county department's year-end data (YAML) into its 部门整体支出绩效自评报告 with the 自评表 appendix forms: a DOCX filled from a template and a PDF laid out by its own engine.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "jixiao project <jixiao@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The faces fonts/fonts.conf names as stand-ins for the office fonts (the same
# list as tools/jx); the shared libraries come from dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "fontconfig, fonts-noto-cjk, fonts-arphic-ukai, fonts-arphic-gkai00mp, fonts-liberation2, fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "man-db, bash-completion")
include(CPack)
