<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<!-- Qt strings that qtbase_zh_CN.qm leaves in English or words oddly (体积 for a file's size). Loaded after Qt's
     own translation, so these win. Rebuild: pyside6-lrelease gkdesk_qt_zh_CN.ts -qm gkdesk_qt_zh_CN.qm -->
<context>
    <name>QFileDialog</name>
    <message><source>&amp;Look in:</source><translation>查找范围(&amp;I)：</translation></message>
    <message><source>Files of &amp;type:</source><translation>文件类型(&amp;T)：</translation></message>
    <message><source>File &amp;name:</source><translation>文件名(&amp;N)：</translation></message>
    <message><source>Look in:</source><translation>查找范围：</translation></message>
    <message><source>Files of type:</source><translation>文件类型：</translation></message>
    <message><source>Detail View</source><translation>详细信息</translation></message>
    <message><source>List View</source><translation>列表</translation></message>
    <message><source>Parent Directory</source><translation>上一级文件夹</translation></message>
    <message><source>Go to the parent directory</source><translation>转到上一级文件夹</translation></message>
    <message><source>Directory:</source><translation>文件夹：</translation></message>
    <message><source>Directories</source><translation>文件夹</translation></message>
    <message><source>Find Directory</source><translation>选择文件夹</translation></message>
    <message><source>&amp;Choose</source><translation>选择(&amp;C)</translation></message>
    <message><source>Open</source><translation>打开</translation></message>
    <message><source>Save As</source><translation>另存为</translation></message>
    <message><source>All Files (*)</source><translation>所有文件 (*)</translation></message>
    <message><source>%1 already exists.
Do you want to replace it?</source><translation>“%1”已经存在。
要替换它吗？</translation></message>
    <message><source>%1
File not found.
Please verify the correct file name was given.</source><translation>%1
找不到文件。
请检查文件名是否正确。</translation></message>
    <message><source>%1
Directory not found.
Please verify the correct directory name was given.</source><translation>%1
找不到文件夹。
请检查文件夹名是否正确。</translation></message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message><source>Size</source><translation>大小</translation></message>
    <message><source>Name</source><translation>名称</translation></message>
    <message><source>Type</source><comment>All other platforms</comment><translation>类型</translation></message>
    <message><source>Type</source><translation>类型</translation></message>
    <message><source>Kind</source><comment>Match OS X Finder</comment><translation>类型</translation></message>
    <message><source>Date Modified</source><translation>修改日期</translation></message>
    <message><source>My Computer</source><translation>此电脑</translation></message>
    <message><source>Computer</source><translation>此电脑</translation></message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message><source>Folder</source><translation>文件夹</translation></message>
    <message><source>File</source><translation>文件</translation></message>
    <message><source>Drive</source><translation>驱动器</translation></message>
    <message><source>%1 File</source><extracomment>%1 is a file name suffix, for example txt</extracomment><translation>%1 文件</translation></message>
    <message><source>%1 File</source><translation>%1 文件</translation></message>
</context>
<context>
    <name>QFileIconProvider</name>
    <message><source>Folder</source><translation>文件夹</translation></message>
    <message><source>File</source><translation>文件</translation></message>
    <message><source>Drive</source><translation>驱动器</translation></message>
    <message><source>%1 File</source><translation>%1 文件</translation></message>
</context>
</TS>
