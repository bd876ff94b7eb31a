"""The office's process registers: whole-process records of each case (执法全过程记录), the
音像记录事项清单 and the 三项制度 task table (任务分解推进表)."""
