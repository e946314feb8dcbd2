# What zsh's line editor makes of LINE after a Tab, with the completion functions in FPATH_DIR:
# an interactive zsh on a pseudo-terminal (zsh/zpty) is sent LINE, Tab, then a key bound to a
# widget that prints the edited line between markers; prints that line.
#
# Usage: zsh -f tests/package/zsh_complete.zsh FPATH_DIR LINE   (exit 1 when nothing came back)
zmodload zsh/zpty || exit 1
zpty shell zsh -f -i
zpty -w shell "PS1='> '; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
# The marker is put together at run time, so the echoed command itself does not hold it.
zpty -w shell "m='<''<'; show_line() { print -r -- \"\$m\$BUFFER\$m\" }; zle -N show_line; bindkey '^X' show_line"
zpty -w -n shell "$2"$'\t\C-x'
out=
for i in {1..100}; do  # until the line came back, or 10 s
  zpty -r -t shell chunk && out+=$chunk
  [[ $out == *'<<'*'<<'* ]] && break
  sleep 0.1
done
zpty -d shell
[[ $out == *'<<'*'<<'* ]] || exit 1
out=${out%'<<'*}
print -r -- "${out##*'<<'}"
