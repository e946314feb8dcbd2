# The Debian package (issue 14): `bash scripts/package.sh` makes clipnote_<version>_<arch>.deb from
# a build tree with CPack. What is generated from the built program (the man page and bash
# completion, from its --help; PNG icons from the SVG; the changelog and copyright) is made by
# packaging/make-deb.sh into <build>/package-assets before CPack installs it.
install(FILES packaging/org.clipnote.clipnote.metainfo.xml DESTINATION share/metainfo)
install(DIRECTORY "${CMAKE_BINARY_DIR}/package-assets/share/" DESTINATION share OPTIONAL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME clipnote)
set(CPACK_PACKAGE_VENDOR "The clipnote developers")
set(CPACK_PACKAGE_CONTACT "The clipnote developers <clipnote@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "record the screen, webcam and voice, then paste a link")
# Lines under 80 columns (lintian: extended-description-line-too-long).
set(CPACK_PACKAGE_DESCRIPTION
  "clipnote records a short screen and webcam clip with your voice, or a
three-second reaction GIF, and the moment you stop a share link is on your
clipboard. It records under X11 and Wayland (the ScreenCast portal), keeps
MP4 recordings playable after a crash, and uploads while recording to
S3-compatible storage or WebDAV with a share page that unfurls in chat; also
ShareX custom uploaders, Discord, Slack and webhooks. A desktop app with
global hotkeys, review, trim and history, and a command line for the same.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # clipnote_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION video)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/clipnote/clipnote")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends computed by dpkg-shlibdeps from the binaries
# The clipboard tools for Wayland and for when clipnote-clipboard cannot run; the portal for Wayland.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "wl-clipboard, xclip, xdg-desktop-portal, pipewire, pulseaudio-utils")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
