<?xml version="1.0" encoding="UTF-8"?>
<!--
  A small Schematron (ISO, XPath 1.0 subset) to XSLT 1.0 compiler for the
  tests: xsltproc runs it over a .sch to get a stylesheet that prints one
  line "FAIL element: message" per failed assert (and per firing report),
  nothing when all hold. It knows ns, pattern, rule, assert and report,
  and refuses (terminates) on anything else it would otherwise ignore:
  include, let, phase, abstract patterns and rules, extends.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sch="http://purl.oclc.org/dsdl/schematron"
    xmlns:axsl="urn:somarkiv:generated-xsl"
    xmlns:exsl="http://exslt.org/common"
    extension-element-prefixes="exsl">
  <xsl:namespace-alias stylesheet-prefix="axsl" result-prefix="xsl"/>
  <xsl:output method="xml" indent="yes"/>

  <xsl:template match="/sch:schema">
    <xsl:if test=".//sch:include | .//sch:let | .//sch:phase | .//sch:extends |
                  .//sch:pattern[@abstract = 'true'] | .//sch:rule[@abstract = 'true']">
      <xsl:message terminate="yes">schematron.xsl: a construct this compiler does not know</xsl:message>
    </xsl:if>
    <axsl:stylesheet version="1.0">
      <xsl:for-each select="sch:ns">
        <xsl:variable name="holder">
          <xsl:element name="{@prefix}:x" namespace="{@uri}"/>
        </xsl:variable>
        <xsl:copy-of select="exsl:node-set($holder)/*/namespace::*[name() = current()/@prefix]"/>
      </xsl:for-each>
      <axsl:output method="text"/>
      <axsl:template match="/">
        <xsl:for-each select="sch:pattern">
          <axsl:apply-templates select="/" mode="M{position()}"/>
        </xsl:for-each>
      </axsl:template>
      <xsl:for-each select="sch:pattern">
        <xsl:variable name="mode" select="concat('M', position())"/>
        <!-- Within a pattern a node is matched by its first rule only. -->
        <xsl:for-each select="sch:rule">
          <axsl:template match="{@context}" mode="{$mode}" priority="{1000 - position()}">
            <xsl:for-each select="sch:assert">
              <axsl:if test="not({@test})">
                <axsl:text>FAIL </axsl:text><axsl:value-of select="name()"/>
                <axsl:text>: <xsl:value-of select="normalize-space(.)"/><xsl:text>&#10;</xsl:text></axsl:text>
              </axsl:if>
            </xsl:for-each>
            <xsl:for-each select="sch:report">
              <axsl:if test="{@test}">
                <axsl:text>FAIL </axsl:text><axsl:value-of select="name()"/>
                <axsl:text>: <xsl:value-of select="normalize-space(.)"/><xsl:text>&#10;</xsl:text></axsl:text>
              </axsl:if>
            </xsl:for-each>
            <axsl:apply-templates select="@*|*" mode="{$mode}"/>
          </axsl:template>
        </xsl:for-each>
        <axsl:template match="@*|*" mode="{$mode}" priority="-2">
          <axsl:apply-templates select="@*|*" mode="{$mode}"/>
        </axsl:template>
      </xsl:for-each>
    </axsl:stylesheet>
  </xsl:template>
</xsl:stylesheet>
